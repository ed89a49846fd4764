import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { falcoEvent } from '../../test-support/falco-events.js';
import { call } from '../../test-support/http.js';
import { eventually, startReceiver, type Received } from '../../test-support/receiver.js';
import { startTestApp, type TestApp } from '../../test-support/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-database.js';
import { Bus } from '../bus/bus.js';

/**
 * The delivery engine end to end: real ingest, the outbox in Postgres, the worker, the webhook
 * plugin, and local receivers on real sockets that are up, down, slow, throttling or refusing.
 */

const SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;

let target: TestDatabase;
let app: TestApp;
const main = await startReceiver();

beforeAll(async () => {
  target = await createTestDatabase();
  app = await startTestApp(
    target,
    {},
    {
      publicUrl: 'https://aerie.example.com/',
      delivery: { pollMs: 50 },
      outputs: [
        {
          name: 'errors-hook',
          type: 'webhook',
          config: { url: `${main.url}/hook`, secret: SECRET },
          route: { min_priority: 'error', not: { rules: ['Ignored*'] } },
        },
      ],
    },
  );
});
afterAll(async () => {
  await app?.close();
  await target?.drop();
  await main.close();
});

const ids = (list: Received[]) => list.map((r) => (JSON.parse(r.body) as { id: string }).id);

async function ingest(events: Array<Record<string, unknown>>): Promise<string[]> {
  const res = await call(app.url, 'POST', '/api/v1/events', undefined, events);
  expect(res.status).toBe(200);
  return (res.body as { ids: string[] }).ids;
}

async function createOutput(name: string, url: string, route: object, delivery: object = {}) {
  const res = await call(app.url, 'POST', '/api/v1/outputs', app.adminToken, {
    name,
    type: 'webhook',
    config: { url },
    route,
    delivery,
  });
  expect(res.status, res.text).toBe(201);
}

describe('the delivery engine', () => {
  it('delivers each routed event once, and nothing else', async () => {
    const sent = await ingest([
      ...[1, 2, 3].map(() => falcoEvent({ priority: 'Critical' })),
      ...[1, 2].map(() => falcoEvent({ priority: 'Warning' })),
      falcoEvent({ priority: 'Critical', rule: 'Ignored rule' }),
    ]);
    const routed = sent.slice(0, 3);
    await eventually(() => main.received.length >= 3, 'three deliveries');
    await new Promise((r) => setTimeout(r, 500)); // nothing else may follow
    expect(ids(main.received).sort()).toEqual([...routed].sort());
    // Signed (Standard Webhooks) and as the API shows the event.
    const first = main.received[0]!;
    expect(first.headers['webhook-signature']).toMatch(/^v1,/);
    const log = await call(
      app.url,
      'GET',
      `/api/v1/events/${routed[0]}/deliveries`,
      app.adminToken,
    );
    expect(log.body).toMatchObject({
      items: [{ output: 'errors-hook', status: 'delivered', attempts: 1, last_status: 200 }],
    });
    const none = await call(app.url, 'GET', `/api/v1/events/${sent[3]}/deliveries`, app.adminToken);
    expect(none.body).toEqual({ items: [] });
  });

  it('rides out an outage — 503s, then a destination that does not answer — and delivers every event once', async () => {
    const flaky = await startReceiver();
    let calls = 0;
    const ok = new Map<string, number>();
    flaky.answerWith((r) => {
      calls++;
      if (calls <= 6) return { status: 503, body: 'down for maintenance' };
      if (calls === 7) return 'hang';
      const id = (JSON.parse(r.body) as { id: string }).id;
      ok.set(id, (ok.get(id) ?? 0) + 1);
      return { status: 204 };
    });
    try {
      await createOutput('flaky', `${flaky.url}/in`, { rules: ['Outage *'] }, { timeoutMs: 300 });
      const sent = await ingest(
        [1, 2, 3, 4].map((n) => falcoEvent({ rule: `Outage ${n}`, priority: 'Notice' })),
      );
      await eventually(
        () => sent.every((id) => ok.has(id)),
        'every event after the outage',
        60_000,
      );
      expect([...ok.values()]).toEqual([1, 1, 1, 1]);
      const log = (
        await call(app.url, 'GET', `/api/v1/events/${sent[0]}/deliveries`, app.adminToken)
      ).body as {
        items: Array<{
          status: string;
          attempts_log: Array<{ outcome: string; error: string | null }>;
        }>;
      };
      const attempts = log.items[0]!.attempts_log;
      expect(log.items[0]!.status).toBe('delivered');
      expect(attempts.at(-1)!.outcome).toBe('delivered');
      expect(attempts.length).toBeGreaterThanOrEqual(1);
      const outputs = (await call(app.url, 'GET', '/api/v1/outputs', app.adminToken)).body as {
        items: Array<{
          name: string;
          health: { pending: number; delivered: number; last_error: string | null };
        }>;
      };
      const health = outputs.items.find((o) => o.name === 'flaky')!.health;
      expect(health).toMatchObject({ pending: 0, delivered: 4 });
      expect(health.last_error).toMatch(/503|no answer within 300 ms/);
    } finally {
      await flaky.close();
    }
  });

  it('waits as long as Retry-After asks', async () => {
    const throttled = await startReceiver();
    throttled.answerWith(() => {
      throttled.answerWith(() => ({ status: 200 }));
      return { status: 429, headers: { 'retry-after': '2' }, body: 'slow down' };
    });
    try {
      await createOutput('throttled', throttled.url, { rules: ['Throttle me'] });
      const started = Date.now();
      await ingest([falcoEvent({ rule: 'Throttle me' })]);
      await eventually(() => throttled.received.length === 2, 'the retry', 20_000);
      const [first, second] = throttled.received as [Received, Received];
      expect(first.at - started).toBeLessThan(2_000);
      expect(second.at - first.at).toBeGreaterThanOrEqual(1_900);
    } finally {
      await throttled.close();
    }
  });

  it('a permanent refusal is dead at once, listed, and replayed on request', async () => {
    const strict = await startReceiver(() => ({ status: 400, body: 'schema mismatch' }));
    try {
      await createOutput('strict', strict.url, { rules: ['Refused'] });
      const [id] = await ingest([falcoEvent({ rule: 'Refused' })]);
      let dead: Array<{
        id: string;
        event_id: string;
        attempts: number;
        last_status: number;
        last_error: string;
      }> = [];
      await eventually(async () => {
        const res = await call(
          app.url,
          'GET',
          '/api/v1/deliveries?status=dead&output=strict',
          app.adminToken,
        );
        dead = (res.body as { items: typeof dead }).items;
        return dead.length === 1;
      }, 'a dead delivery');
      expect(dead[0]).toMatchObject({ event_id: id, attempts: 1, last_status: 400 });
      expect(dead[0]!.last_error).toContain('schema mismatch');
      expect(strict.received).toHaveLength(1); // not retried

      strict.answerWith(() => ({ status: 200 }));
      const replay = await call(app.url, 'POST', '/api/v1/deliveries/replay', app.adminToken, {
        output: 'strict',
      });
      expect(replay.body).toEqual({ requeued: 1 });
      await eventually(() => strict.received.length === 2, 'the replay');
      const again = await call(app.url, 'GET', `/api/v1/events/${id}/deliveries`, app.adminToken);
      await eventually(async () => {
        const r = await call(app.url, 'GET', `/api/v1/events/${id}/deliveries`, app.adminToken);
        return (r.body as { items: Array<{ status: string }> }).items[0]?.status === 'delivered';
      }, 'delivered after replay');
      expect(again.status).toBe(200);
      const audit = await call(app.url, 'GET', '/api/v1/audit', app.adminToken);
      expect(audit.text).toContain('delivery.replay');
    } finally {
      await strict.close();
    }
  });

  it('keeps secrets sealed at rest and masked in answers', async () => {
    const list = await call(app.url, 'GET', '/api/v1/outputs', app.adminToken);
    expect(list.text).not.toContain(SECRET);
    const hook = (
      list.body as { items: Array<{ name: string; config: Record<string, unknown> }> }
    ).items.find((o) => o.name === 'errors-hook')!;
    expect(hook.config['secret']).toBe('********');
    expect(hook.config['url']).toBe(`${main.url}/hook`);
    const [row] = await app.database.query<{ config: string }>(
      `SELECT config::text AS config FROM outputs WHERE name = 'errors-hook'`,
    );
    expect(row!.config).not.toContain(SECRET.slice(6));
    expect(row!.config).toContain('$sealed');
    // The configuration audit records the outputs too, secrets fingerprinted, never in clear.
    const audit = await call(app.url, 'GET', '/api/v1/audit?limit=1000', app.adminToken);
    expect(audit.text).toContain('errors-hook');
    expect(audit.text).not.toContain(SECRET.slice(6));
  });

  it('answers which outputs an example event would go to', async () => {
    const test = (event: object) =>
      call(app.url, 'POST', '/api/v1/outputs/route-test', app.adminToken, event);
    expect((await test(falcoEvent({ priority: 'Critical' }))).body).toMatchObject({
      outputs: ['errors-hook'],
    });
    const ignored = (await test(falcoEvent({ priority: 'Critical', rule: 'Ignored x' }))).body as {
      outputs: string[];
      not_routed: Array<{ output: string; failed: Array<{ condition: string }> }>;
    };
    expect(ignored.outputs).toEqual([]);
    expect(ignored.not_routed.find((n) => n.output === 'errors-hook')?.failed).toEqual([
      expect.objectContaining({ condition: 'not' }),
    ]);
    expect((await test(falcoEvent({ rule: 'Refused' }))).body).toMatchObject({
      outputs: ['strict'],
    });
    expect((await test({ rule: 'x' })).status).toBe(400);
  });

  it('refuses a bad output with the field named, in the API and in the config file', async () => {
    const bad = await call(app.url, 'POST', '/api/v1/outputs', app.adminToken, {
      name: 'bad',
      type: 'webhook',
      config: { url: 'not a url' },
      route: { min_priority: 'loud' },
    });
    expect(bad.status).toBe(400);
    const fields = (bad.body as { issues: Array<{ field: string }> }).issues.map((i) => i.field);
    expect(fields).toEqual(expect.arrayContaining(['config.url', 'route.min_priority']));
    const unknownType = await call(app.url, 'POST', '/api/v1/outputs', app.adminToken, {
      name: 'bad',
      type: 'carrier-pigeon',
    });
    expect(unknownType.body).toMatchObject({ issues: [{ field: 'type' }] });

    const db = await createTestDatabase('pglite');
    try {
      await expect(
        startTestApp(db, {}, { outputs: [{ name: 'x', type: 'webhook', config: {} }] }),
      ).rejects.toThrow(/outputs\[0\]\.config\.url/);
    } finally {
      await db.drop();
    }
  });

  it('sends a test event to one output through real delivery, and counts attempts in /metrics', async () => {
    const before = main.received.length;
    const res = await call(app.url, 'POST', '/api/v1/outputs/errors-hook/test', app.adminToken);
    expect(res.status).toBe(202);
    await eventually(() => main.received.length === before + 1, 'the test delivery');
    expect(JSON.parse(main.received.at(-1)!.body)).toMatchObject({ rule: 'Test rule' });
    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    expect(metrics).toMatch(
      /aerie_delivery_attempts_total\{output="errors-hook",result="delivered"\} \d+/,
    );
    expect(metrics).toMatch(
      /aerie_delivery_queue\{output="strict",status="dead"\}|aerie_delivery_queue /,
    );
  });

  it("publishes each state change on the bus, and masks the output's secrets in recorded errors", async () => {
    const credential = 'Bearer very-secret-credential-42';
    // A destination that echoes the request's credentials back in its error (it happens).
    const echo = await startReceiver((r) => ({
      status: 400,
      body: `refused: authorization=${String(r.headers['authorization'])}`,
    }));
    const seen: Array<{ output: string; status: string }> = [];
    const stop = app.get(Bus).on('delivery', (m) => seen.push(m));
    try {
      const res = await call(app.url, 'POST', '/api/v1/outputs', app.adminToken, {
        name: 'echo',
        type: 'webhook',
        config: { url: echo.url, headers: { authorization: credential } },
        route: { rules: ['Echo'] },
      });
      expect(res.status, res.text).toBe(201);
      expect(res.text).not.toContain('very-secret-credential-42');
      const [id] = await ingest([falcoEvent({ rule: 'Echo' })]);
      await eventually(() => seen.some((m) => m.output === 'echo'), 'a bus message');
      expect(seen.find((m) => m.output === 'echo')).toMatchObject({ status: 'dead' });
      const log = await call(app.url, 'GET', `/api/v1/events/${id}/deliveries`, app.adminToken);
      expect(log.text).toContain('refused: authorization=');
      expect(log.text).not.toContain('very-secret-credential-42');
      expect(echo.received[0]!.headers['authorization']).toBe(credential); // it was sent
    } finally {
      stop();
      await echo.close();
    }
  });
});
