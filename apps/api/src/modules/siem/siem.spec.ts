import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { falcoEvent } from '../../test-support/falco-events.js';
import { call, signIn } from '../../test-support/http.js';
import { eventually } from '../../test-support/receiver.js';
import { startTestApp, type TestApp } from '../../test-support/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-database.js';
import { openStream, poll, siemGet, type StreamReader } from './siem.test-support.js';

/**
 * The pull API for SIEMs over real HTTP on the default database (Postgres with DATABASE_URL,
 * else PGlite): cursors and next links, formats, gzip, named consumers, rate limits, the live
 * stream and the audit feed. Ordering under concurrent writers: siem-order.spec.ts.
 */

let target: TestDatabase;
let app: TestApp;
let admin: string;
const streams: StreamReader[] = [];

beforeAll(async () => {
  target = await createTestDatabase();
  app = await startTestApp(target, {}, { siem: { rateLimit: { perSecond: 0 } } });
  admin = app.adminToken;
});
afterAll(async () => {
  for (const s of streams) s.close();
  await app?.close();
  await target?.drop();
});

async function ingest(count: number, overrides: Record<string, unknown> = {}): Promise<string[]> {
  const events = Array.from({ length: count }, (_, i) =>
    falcoEvent({ output: `event ${i} ${crypto.randomUUID()}`, ...overrides }),
  );
  const res = await call(app.url, 'POST', '/api/v1/events', undefined, events);
  expect(res.status, res.text).toBe(200);
  return (res.body as { ids: string[] }).ids;
}

async function token(scopes: string[], teams: string[] = []): Promise<string> {
  const res = await call(app.url, 'POST', '/api/v1/tokens', admin, {
    name: `t-${scopes.join('+')}-${crypto.randomUUID()}`,
    scopes,
    teams,
  });
  expect(res.status, res.text).toBe(201);
  return (res.body as { token: string }).token;
}

/** The cursor after everything stored so far (for `filter`). */
async function tail(filter = ''): Promise<string> {
  const { cursor } = await poll(app.url, `/api/v1/siem/events?limit=10000${filter}`, admin, null);
  return cursor!;
}

const idsOf = (items: Array<Record<string, unknown>>) => items.map((i) => i['id'] as string);
const link = (headers: Headers) => /^<([^>]+)>; rel="next"$/.exec(headers.get('link') ?? '')?.[1];

describe('GET /api/v1/siem/events', () => {
  it('pages every event once in commit order, and keeps a next link when caught up', async () => {
    const start = await tail();
    const ids = await ingest(25);
    const seen: Array<Record<string, unknown>> = [];
    let url = `${app.url}/api/v1/siem/events?limit=10&cursor=${start}`;
    const sizes: number[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await siemGet('', url, admin);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      const next = link(res.headers);
      expect(next, 'a next link on every page').toBeDefined();
      expect(res.headers.get('x-next-cursor')).toBe(res.body.next_cursor);
      expect(new URL(next!).searchParams.get('cursor')).toBe(res.body.next_cursor);
      expect(new URL(next!).searchParams.get('limit')).toBe('10');
      expect(res.body.has_more).toBe(i < 2);
      sizes.push(res.body.items.length);
      seen.push(...res.body.items);
      url = next!;
    }
    expect(sizes).toEqual([10, 10, 5]);
    expect(idsOf(seen)).toEqual(ids);
    const seqs = seen.map((e) => e['seq'] as number);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    // Caught up: an empty page still says where to go on.
    const empty = await siemGet('', url, admin);
    expect(empty.body).toMatchObject({ items: [], has_more: false });
    expect(empty.body.next_cursor).not.toBeNull();
    expect(link(empty.headers)).toBeDefined();
    const more = await ingest(3);
    const after = await siemGet('', link(empty.headers)!, admin);
    expect(idsOf(after.body.items)).toEqual(more);
  });

  it('moves the cursor past what a filter does not match, then delivers the next match once', async () => {
    const filter = '&priority=emergency&rule=Filtered';
    const start = await tail(filter);
    await ingest(5, { rule: 'Filtered', priority: 'Warning' });
    const quiet = await poll(app.url, `/api/v1/siem/events?limit=2${filter}`, admin, start);
    expect(quiet.items).toEqual([]);
    expect(quiet.cursor, 'moved past the non-matching events').not.toBe(start);
    const [match] = await ingest(1, { rule: 'Filtered', priority: 'Emergency' });
    const next = await poll(app.url, `/api/v1/siem/events?limit=2${filter}`, admin, quiet.cursor);
    expect(idsOf(next.items)).toEqual([match]);
    expect(next.pages).toBe(1);
  });

  it('with until, a bounded export ends: no next cursor and no Link once complete', async () => {
    await ingest(2, { rule: 'Bounded' });
    const res = await siemGet(
      app.url,
      '/api/v1/siem/events?rule=Bounded&until=2100-01-01T00:00:00Z',
      admin,
    );
    expect(res.body.items).toHaveLength(2);
    expect(res.body).toMatchObject({ next_cursor: null, has_more: false });
    expect(res.headers.get('link')).toBeNull();
    const partial = await siemGet(
      app.url,
      '/api/v1/siem/events?rule=Bounded&until=2100-01-01T00:00:00Z&limit=1',
      admin,
    );
    expect(partial.body.has_more).toBe(true);
    expect(link(partial.headers)).toBeDefined();
  });

  it('NDJSON: the same events one per line, the next page in Link', async () => {
    const start = await tail();
    await ingest(4);
    const path = `/api/v1/siem/events?limit=3&cursor=${start}`;
    const json = await siemGet(app.url, path, admin);
    const ndjson = await siemGet(app.url, path, admin, { accept: 'application/x-ndjson' });
    expect(ndjson.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    const lines = ndjson.text.trimEnd().split('\n');
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual(json.body.items);
    expect(ndjson.text.endsWith('\n')).toBe(true);
    expect(ndjson.headers.get('link')).toBe(json.headers.get('link'));
    expect(ndjson.headers.get('x-next-cursor')).toBe(json.body.next_cursor);
  });

  it('gzips when the client accepts it', async () => {
    const path = '/api/v1/siem/events?limit=50';
    const plain = await siemGet(app.url, path, admin);
    const raw = await new Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }>(
      (resolve, reject) => {
        http
          .get(
            `${app.url}${path}`,
            { headers: { authorization: `Bearer ${admin}`, 'accept-encoding': 'gzip' } },
            (res) => {
              const chunks: Buffer[] = [];
              res.on('data', (c: Buffer) => chunks.push(c));
              res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
            },
          )
          .on('error', reject);
      },
    );
    expect(raw.headers['content-encoding']).toBe('gzip');
    expect(raw.headers['vary']).toMatch(/accept-encoding/i);
    expect(gunzipSync(raw.body).toString('utf8')).toBe(plain.text);
    expect(raw.body.length).toBeLessThan(Buffer.byteLength(plain.text));
  });

  it('maps events to ECS and to OCSF Detection Finding, numbers exact', async () => {
    const start = await tail();
    const ns = '1777629600123456789';
    const body = JSON.stringify(falcoEvent({ rule: 'Formats' })).replace(
      '"proc.pid":4242',
      `"proc.pid":4242,"evt.time":${ns}`,
    );
    // Posted as text, so the big number reaches Aerie as Falco sends it.
    const exact = await fetch(`${app.url}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    const { id } = (await exact.json()) as { id: string };
    const ecs = await siemGet(
      app.url,
      `/api/v1/siem/events?format=ecs&rule=Formats&cursor=${start}`,
      admin,
    );
    const ocsf = await siemGet(
      app.url,
      `/api/v1/siem/events?format=ocsf&rule=Formats&cursor=${start}`,
      admin,
    );
    const ecsDoc = ecs.body.items[0] as { ecs: { version: string }; event: { id: string } };
    expect(ecsDoc.ecs.version).toBe('8.11.0');
    expect(ecsDoc.event.id).toBe(id);
    const finding = ocsf.body.items[0] as { class_uid: number; finding_info: { uid: string } };
    expect(finding.class_uid).toBe(2004);
    expect(finding.finding_info.uid).toBe(id);
    for (const text of [ecs.text, ocsf.text]) expect(text).toContain(`"evt.time":${ns}`);
  });

  it('answers bad input with 400 naming the field', async () => {
    const { body } = await siemGet(app.url, '/api/v1/siem/audit?limit=1', admin);
    const auditCursor = body.next_cursor!;
    for (const [query, field] of [
      ['cursor=not-a-cursor', 'cursor'],
      [`cursor=${auditCursor}`, 'cursor'],
      ['limit=0', 'limit'],
      ['limit=10001', 'limit'],
      ['format=xml', 'format'],
      ['consumer=no%20spaces', 'consumer'],
      ['colour=red', 'colour'],
      ['priority=loud', 'priority'],
    ] as const) {
      const res = await siemGet(app.url, `/api/v1/siem/events?${query}`, admin);
      expect(res.status, query).toBe(400);
      const err = JSON.parse(res.text) as { error: string; issues: Array<{ field: string }> };
      expect(err.error).toBe('invalid_query');
      expect(err.issues[0]!.field, query).toBe(field);
    }
  });

  it('needs siem:read (or a session); the audit feed needs admin', async () => {
    expect((await siemGet(app.url, '/api/v1/siem/events', '')).status).toBe(401);
    expect((await call(app.url, 'GET', '/api/v1/siem/events', undefined)).status).toBe(401);
    expect(
      (await siemGet(app.url, '/api/v1/siem/events', await token(['events:read']))).status,
    ).toBe(403);
    expect(
      (await siemGet(app.url, '/api/v1/siem/events', await token(['events:ingest']))).status,
    ).toBe(403);
    const siem = await token(['siem:read']);
    expect((await siemGet(app.url, '/api/v1/siem/events', siem)).status).toBe(200);
    expect((await siemGet(app.url, '/api/v1/siem/audit', siem)).status).toBe(403);
    expect((await siemGet(app.url, '/api/v1/siem/audit', admin)).status).toBe(200);
    const password = 'correct horse battery staple';
    const created = await call(app.url, 'POST', '/api/v1/users', admin, {
      username: 'siem-viewer',
      password,
      role: 'viewer',
    });
    expect(created.status).toBe(201);
    const session = await signIn(app.url, 'siem-viewer', password);
    expect((await call(app.url, 'GET', '/api/v1/siem/events', session)).status).toBe(200);
  });
});

describe('named consumers', () => {
  it('resume from the last cursor sent back (at least once), per token, until deleted', async () => {
    const ids = await ingest(6, { rule: 'Consumer test' });
    const path = (extra: string) =>
      `/api/v1/siem/events?rule=Consumer%20test&limit=4&consumer=siem-prod${extra}`;
    const first = await siemGet(app.url, path(''), admin);
    expect(idsOf(first.body.items)).toEqual(ids.slice(0, 4));
    // Not acknowledged yet: the same page again.
    expect(idsOf((await siemGet(app.url, path(''), admin)).body.items)).toEqual(ids.slice(0, 4));
    const c1 = first.body.next_cursor!;
    const second = await siemGet(app.url, path(`&cursor=${c1}`), admin);
    expect(idsOf(second.body.items)).toEqual(ids.slice(4));
    // c1 is acknowledged now; the second page is not.
    expect(idsOf((await siemGet(app.url, path(''), admin)).body.items)).toEqual(ids.slice(4));
    const c2 = second.body.next_cursor!;
    expect((await siemGet(app.url, path(`&cursor=${c2}`), admin)).body.items).toEqual([]);
    expect((await siemGet(app.url, path(''), admin)).body.items).toEqual([]);

    const listed = await call(app.url, 'GET', '/api/v1/siem/consumers', admin);
    expect(listed.status).toBe(200);
    expect((listed.body as { items: unknown[] }).items).toContainEqual(
      expect.objectContaining({ name: 'siem-prod', feed: 'events', cursor: c2 }),
    );
    // Another token has its own consumers, even of the same name.
    const other = await token(['admin']);
    expect(
      ((await call(app.url, 'GET', '/api/v1/siem/consumers', other)).body as { items: unknown[] })
        .items,
    ).toEqual([]);
    expect(idsOf((await siemGet(app.url, path(''), other)).body.items)).toEqual(ids.slice(0, 4));

    expect(
      (await call(app.url, 'DELETE', '/api/v1/siem/consumers/events/siem-prod', admin)).status,
    ).toBe(204);
    expect(idsOf((await siemGet(app.url, path(''), admin)).body.items)).toEqual(ids.slice(0, 4));
    expect(
      (await call(app.url, 'DELETE', '/api/v1/siem/consumers/events/nobody', admin)).status,
    ).toBe(404);
    expect(
      (await call(app.url, 'DELETE', '/api/v1/siem/consumers/alerts/siem-prod', admin)).status,
    ).toBe(400);
  });
});

describe('GET /api/v1/siem/stream', () => {
  it('follows new events with heartbeats; each line resumes right after itself', async () => {
    const start = await tail('&rule=Streamed');
    const stream = await openStream(
      app.url,
      `/api/v1/siem/stream?rule=Streamed&heartbeat=1s&cursor=${start}`,
      admin,
    );
    streams.push(stream);
    expect(stream.status).toBe(200);
    expect(stream.headers['content-type']).toMatch(/^application\/x-ndjson/);
    await stream.until((l) => l.length >= 1);
    expect(stream.lines[0]).toMatchObject({ cursor: start, heartbeat: expect.any(String) });
    const first = await ingest(3, { rule: 'Streamed' });
    const events = () => stream.lines.filter((l) => 'event' in l);
    await stream.until(() => events().length >= 3);
    expect(events().map((l) => (l['event'] as { id: string }).id)).toEqual(first);
    const at = stream.lines.length;
    await stream.until((l) => l.slice(at).some((x) => 'heartbeat' in x), 5000);
    stream.close();

    // Resume from the last event line: exactly what came after it.
    const lastCursor = events()[2]!['cursor'] as string;
    const more = await ingest(2, { rule: 'Streamed' });
    const resumed = await openStream(
      app.url,
      `/api/v1/siem/stream?rule=Streamed&heartbeat=1s&cursor=${lastCursor}`,
      admin,
    );
    streams.push(resumed);
    const resumedEvents = () => resumed.lines.filter((l) => 'event' in l);
    await resumed.until(() => resumedEvents().length >= 2);
    await new Promise((r) => setTimeout(r, 300));
    expect(resumedEvents().map((l) => (l['event'] as { id: string }).id)).toEqual(more);
    // And the page API takes a stream cursor alike.
    const page = await siemGet(
      app.url,
      `/api/v1/siem/events?rule=Streamed&cursor=${lastCursor}`,
      admin,
    );
    expect(idsOf(page.body.items)).toEqual(more);
    resumed.close();
  });

  it('flushes each line through gzip, and in the asked format', async () => {
    const start = await tail('&rule=Zipped');
    const stream = await openStream(
      app.url,
      `/api/v1/siem/stream?rule=Zipped&format=ocsf&cursor=${start}`,
      admin,
      { 'accept-encoding': 'gzip' },
    );
    streams.push(stream);
    expect(stream.headers['content-encoding']).toBe('gzip');
    await stream.until((l) => l.length >= 1);
    const [id] = await ingest(1, { rule: 'Zipped' });
    await stream.until((l) => l.some((x) => 'event' in x));
    const finding = stream.lines.find((x) => 'event' in x)!['event'] as {
      class_uid: number;
      finding_info: { uid: string };
    };
    expect(finding).toMatchObject({ class_uid: 2004, finding_info: { uid: id } });
    stream.close();
  });

  it('ends when its token is revoked, or when its teams change', async () => {
    const team = await call(app.url, 'POST', '/api/v1/teams', admin, {
      name: 'streamers',
      namespaces: ['*/payments'],
    });
    expect(team.status).toBe(201);
    for (const change of ['revoke', 'teams'] as const) {
      const created = await call(app.url, 'POST', '/api/v1/tokens', admin, {
        name: `streamer-${change}`,
        scopes: ['siem:read'],
        teams: ['streamers'],
      });
      const { id, token: secret } = created.body as { id: string; token: string };
      const stream = await openStream(app.url, '/api/v1/siem/stream?heartbeat=1s', secret);
      streams.push(stream);
      await stream.until((l) => l.length >= 1);
      const res =
        change === 'revoke'
          ? await call(app.url, 'DELETE', `/api/v1/tokens/${id}`, admin)
          : await call(app.url, 'PATCH', `/api/v1/tokens/${id}`, admin, { teams: [] });
      expect(res.status).toBeLessThan(300);
      await stream.until((l) => l.some((x) => 'error' in x), 10_000);
      await stream.ended;
      const last = stream.lines[stream.lines.length - 1]!;
      expect(last['error'], change).toMatch(change === 'revoke' ? /no longer valid/ : /teams/);
    }
  });

  it('allows a few streams per token; a closed one frees its place', async () => {
    const reader = await token(['siem:read']);
    const open: StreamReader[] = [];
    for (let i = 0; i < 4; i++) {
      const s = await openStream(app.url, '/api/v1/siem/stream', reader);
      streams.push(s);
      expect(s.status).toBe(200);
      open.push(s);
    }
    const refused = await siemGet(app.url, '/api/v1/siem/stream', reader);
    expect(refused.status).toBe(429);
    expect(JSON.parse(refused.text)).toMatchObject({ error: 'too_many_streams' });
    open[0]!.close();
    await eventually(async () => {
      const s = await openStream(app.url, '/api/v1/siem/stream', reader);
      streams.push(s);
      return s.status === 200;
    }, 'a freed stream slot');
  });
});

describe('GET /api/v1/siem/audit', () => {
  it('pages the audit trail oldest first through the same cursor contract', async () => {
    const all = await poll(app.url, '/api/v1/siem/audit?limit=5', admin, null);
    const seqs = all.items.map((e) => e['seq'] as number);
    expect(seqs.length).toBeGreaterThan(5);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(all.pages).toBeGreaterThan(1);
    await token(['siem:read']); // one more audited change
    const next = await poll(app.url, '/api/v1/siem/audit?limit=5', admin, all.cursor);
    expect(next.items).toEqual([expect.objectContaining({ action: 'token.create' })]);
    const filtered = await poll(app.url, '/api/v1/siem/audit?action=token.create', admin, null);
    expect(filtered.items.every((e) => e['action'] === 'token.create')).toBe(true);
    const ndjson = await siemGet(app.url, '/api/v1/siem/audit?limit=2', admin, {
      accept: 'application/x-ndjson',
    });
    expect(ndjson.text.trimEnd().split('\n')).toHaveLength(2);
    const eventsCursor = await tail();
    const wrong = await siemGet(app.url, `/api/v1/siem/audit?cursor=${eventsCursor}`, admin);
    expect(wrong.status).toBe(400);
  });
});

describe('rate limits', () => {
  let limited: TestApp;
  let limitedDb: TestDatabase;
  beforeAll(async () => {
    limitedDb = await createTestDatabase();
    limited = await startTestApp(
      limitedDb,
      {},
      { siem: { rateLimit: { perSecond: 0.2, burst: 3 } } },
    );
  });
  let closed = false;
  afterAll(async () => {
    if (!closed) await limited?.close();
    await limitedDb?.drop();
  });

  it('per token: X-RateLimit-* on every answer, then 429 with Retry-After', async () => {
    const remaining: Array<string | null> = [];
    for (let i = 0; i < 3; i++) {
      const res = await siemGet(limited.url, '/api/v1/siem/events', limited.adminToken);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-ratelimit-limit')).toBe('3');
      expect(Number(res.headers.get('x-ratelimit-reset'))).toBeGreaterThan(0);
      remaining.push(res.headers.get('x-ratelimit-remaining'));
    }
    expect(remaining).toEqual(['2', '1', '0']);
    const refused = await siemGet(limited.url, '/api/v1/siem/events', limited.adminToken);
    expect(refused.status).toBe(429);
    expect(JSON.parse(refused.text)).toMatchObject({ error: 'rate_limited' });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
    // Another token has its own budget.
    const other = await call(limited.url, 'POST', '/api/v1/tokens', limited.adminToken, {
      name: 'other',
      scopes: ['siem:read'],
    });
    const res = await siemGet(
      limited.url,
      '/api/v1/siem/events',
      (other.body as { token: string }).token,
    );
    expect(res.status).toBe(200);
  });

  it('an open stream ends when the app shuts down', async () => {
    const other = await call(limited.url, 'POST', '/api/v1/tokens', limited.adminToken, {
      name: 'streamer',
      scopes: ['siem:read'],
    });
    const open = await openStream(
      limited.url,
      '/api/v1/siem/stream',
      (other.body as { token: string }).token,
    );
    await open.until((l) => l.length >= 1);
    closed = true;
    await limited.close();
    await open.ended;
  });
});
