import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-database.js';
import {
  get,
  post,
  postConcurrently,
  startTestApp,
  type TestApp,
} from '../../test-support/test-app.js';
import { falcoEvent } from '../../test-support/falco-events.js';

let db: TestDatabase;
let app: TestApp;

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startTestApp(db, {
    customFields: { environment: 'test' },
    customTags: ['aerie'],
    defaultCluster: 'dev-1',
  });
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
});

async function stored(id: string) {
  const res = await get(`${app.url}/api/v1/events/${id}`, app.adminToken);
  expect(res.status).toBe(200);
  return { body: res.body as Record<string, unknown>, text: res.text };
}

describe(`POST / (Falco http_output) on ${process.env['DATABASE_URL'] ? 'Postgres' : 'PGlite'}`, () => {
  it('stores the event and answers only once it is committed', async () => {
    const res = await post(`${app.url}/`, falcoEvent());
    expect(res.status).toBe(200);
    const { id, seq } = res.body as { id: string; seq: number };
    expect(seq).toBeGreaterThan(0);
    const { body } = await stored(id);
    expect(body).toMatchObject({
      id,
      seq,
      time: '2026-05-01T10:00:00.123456789Z',
      priority: 'Warning',
      rule: 'Read sensitive file untrusted',
      source: 'syscall',
      hostname: 'node-1',
      cluster: 'dev-1',
      namespace: 'payments',
      pod: 'payments-api-7d9f8b6c5-x2k4q',
      workload: 'payments-api',
      boundary: 'host',
      tags: ['filesystem', 'host', 'mitre_credential_access', 'aerie'],
    });
    expect((body['output_fields'] as Record<string, unknown>)['environment']).toBe('test');
    expect(body['fingerprint']).toMatch(/^[0-9a-f]{32}$/);
  });

  it('keeps integers beyond 2^53 and nanoseconds exact, and the raw payload with unknown keys', async () => {
    const text = JSON.stringify(
      falcoEvent({ uuid: 'sent-by-client', extra_key: { nested: [1, 'two', null] } }),
    ).replace(
      '"proc.pid":4242',
      '"proc.pid":4242,"evt.time":1777629600123456789,"big.neg":-98765432109876543210',
    );
    const res = await post(`${app.url}/`, text);
    expect(res.status).toBe(200);
    const { text: json, body } = await stored((res.body as { id: string }).id);
    expect(json).toContain('"evt.time": 1777629600123456789');
    expect(json).toContain('"big.neg": -98765432109876543210');
    const raw = body['raw'] as Record<string, unknown>;
    expect(raw['extra_key']).toEqual({ nested: [1, 'two', null] });
    expect(raw['uuid']).toBe('sent-by-client');
    // The raw payload is what was sent: no custom field, the sender's priority spelling.
    expect(raw['output_fields']).not.toHaveProperty('environment');
    expect(raw['tags']).toEqual(['filesystem', 'host', 'mitre_credential_access']);
  });

  it('stores every UTF-8 character as sent', async () => {
    const strange = 'Règle 🚨 日本語 עברית \u200b\t"quoted" \\back\\ \u{10FFFF}';
    const res = await post(
      `${app.url}/`,
      falcoEvent({ rule: strange, output_fields: { 'fd.name': `/tmp/${strange}` } }),
    );
    expect(res.status).toBe(200);
    const { body } = await stored((res.body as { id: string }).id);
    expect(body['rule']).toBe(strange);
    expect((body['output_fields'] as Record<string, unknown>)['fd.name']).toBe(`/tmp/${strange}`);
  });

  it('accepts priorities in any case and the info alias; defaults the source to syscall', async () => {
    const { source: _unused, ...noSource } = falcoEvent({ priority: 'info' });
    const res = await post(`${app.url}/`, noSource);
    expect(res.status).toBe(200);
    const { body } = await stored((res.body as { id: string }).id);
    expect(body['priority']).toBe('Informational');
    expect(body['source']).toBe('syscall');
  });

  it('groups concurrent requests into shared batches (group commit)', async () => {
    const before = await batchCount();
    const n = 400;
    const results = await postConcurrently(
      `${app.url}/`,
      Array.from({ length: n }, (_, i) =>
        JSON.stringify(falcoEvent({ output_fields: { 'proc.pid': i } })),
      ),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    const seqs = results.map((r) => (r.body as { seq: number }).seq);
    expect(new Set(seqs).size).toBe(n);
    const batches = (await batchCount()) - before;
    expect(batches).toBeLessThan(n);
  });

  it('counts events into one alert group per fingerprint', async () => {
    const rule = 'Group me';
    for (let i = 0; i < 3; i++) {
      expect(
        (await post(`${app.url}/`, falcoEvent({ rule, time: `2026-05-0${i + 1}T00:00:00Z` })))
          .status,
      ).toBe(200);
    }
    const page = (
      await get(`${app.url}/api/v1/groups?rule=${encodeURIComponent(rule)}`, app.adminToken)
    ).body as {
      items: Array<Record<string, unknown>>;
    };
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({
      rule,
      count: 3,
      namespace: 'payments',
      workload: 'payments-api',
      first_seen: '2026-05-01T00:00:00.000000Z',
      last_seen: '2026-05-03T00:00:00.000000Z',
    });
  });
});

describe('POST /test, health and metrics', () => {
  it('stores Falcosidekick-style test events', async () => {
    const res = await post(`${app.url}/test`, '');
    expect(res.status).toBe(200);
    const { body } = await stored((res.body as { id: string }).id);
    expect(body).toMatchObject({ rule: 'Test rule', priority: 'Debug', source: 'internal' });
  });

  it('answers /healthz, /ping and /readyz', async () => {
    expect((await get(`${app.url}/healthz`)).body).toEqual({ status: 'ok' });
    expect((await get(`${app.url}/ping`)).text).toBe('pong');
    const ready = await get(`${app.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ok', database: db.kind });
  });

  it('exposes Prometheus metrics for received events, batches and commit latency', async () => {
    const text = (await get(`${app.url}/metrics`)).text;
    expect(text).toMatch(/aerie_events_received_total\{source="syscall",priority="Warning"\} \d+/);
    expect(text).toMatch(/aerie_ingest_batch_size_count \d+/);
    expect(text).toMatch(/aerie_ingest_commit_seconds_bucket/);
    expect(text).toMatch(/process_cpu_user_seconds_total/);
  });
});

describe('POST /api/v1/events (batches)', () => {
  it('stores a JSON array', async () => {
    const res = await post(`${app.url}/api/v1/events`, [
      falcoEvent(),
      falcoEvent({ priority: 'critical' }),
    ]);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accepted: 2, rejected: 0, errors: [] });
    const { ids } = res.body as { ids: string[] };
    expect((await stored(ids[1]!)).body['priority']).toBe('Critical');
  });

  it('stores the valid lines of NDJSON and says why each other line was refused', async () => {
    const lines = [
      JSON.stringify(falcoEvent()),
      '',
      '{"rule": broken',
      JSON.stringify(falcoEvent({ priority: 'loud' })),
      JSON.stringify(falcoEvent({ rule: 'ndjson ok' })),
    ].join('\n');
    const res = await post(`${app.url}/api/v1/events`, lines, 'application/x-ndjson');
    expect(res.status).toBe(207);
    const body = res.body as {
      accepted: number;
      rejected: number;
      ids: string[];
      errors: unknown[];
    };
    expect(body.accepted).toBe(2);
    expect(body.rejected).toBe(2);
    expect(body.errors).toEqual([
      {
        index: 1,
        line: 3,
        issues: [{ field: '(body)', message: expect.stringContaining('not valid JSON') }],
      },
      {
        index: 2,
        line: 4,
        issues: [{ field: 'priority', message: expect.stringContaining('must be one of') }],
      },
    ]);
    expect((await stored(body.ids[1]!)).body['rule']).toBe('ndjson ok');
  });

  it('answers 400 when nothing in the batch is valid', async () => {
    const res = await post(`${app.url}/api/v1/events`, [{ rule: 'x' }, 7]);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ accepted: 0, rejected: 2 });
    const errors = (
      res.body as { errors: Array<{ index: number; issues: Array<{ field: string }> }> }
    ).errors;
    expect(errors[1]).toMatchObject({ index: 1, issues: [{ field: '(event)' }] });
  });
});

async function batchCount(): Promise<number> {
  const text = (await get(`${app.url}/metrics`)).text;
  const m = /aerie_ingest_batch_size_count (\d+)/.exec(text);
  return Number(m?.[1] ?? 0);
}
