import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { falcoEvent } from '../../test-support/falco-events.js';
import { call } from '../../test-support/http.js';
import { eventually, startReceiver } from '../../test-support/receiver.js';
import { startTestApp, type TestApp } from '../../test-support/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-database.js';

/** The engine's per-output policies against local receivers: rate, circuit breaker, batches. */

let target: TestDatabase;
let app: TestApp;
beforeAll(async () => {
  target = await createTestDatabase();
  app = await startTestApp(target, {}, { delivery: { pollMs: 50 } });
});
afterAll(async () => {
  await app?.close();
  await target?.drop();
});

async function output(body: object): Promise<void> {
  const res = await call(app.url, 'POST', '/api/v1/outputs', app.adminToken, body);
  expect(res.status, res.text).toBe(201);
}
async function ingest(rule: string, n: number): Promise<void> {
  const res = await call(
    app.url,
    'POST',
    '/api/v1/events',
    undefined,
    Array.from({ length: n }, () => falcoEvent({ rule })),
  );
  expect(res.status).toBe(200);
}

describe('per-output policies', () => {
  it('keeps to ratePerSecond (Slack-style 1–2 messages a second)', async () => {
    const receiver = await startReceiver();
    try {
      await output({
        name: 'rated',
        type: 'webhook',
        config: { url: receiver.url },
        route: { rules: ['Rated'] },
        delivery: { ratePerSecond: 2 },
      });
      await ingest('Rated', 6);
      await eventually(() => receiver.received.length === 6, 'six deliveries', 20_000);
      const times = receiver.received.map((r) => r.at);
      // Burst 2, then 2 a second: the sixth comes at least ~2 s after the first.
      expect(times[5]! - times[0]!).toBeGreaterThanOrEqual(1_500);
    } finally {
      await receiver.close();
    }
  });

  it('opens the circuit after repeated failures, stops calling, and shows it', async () => {
    const down = await startReceiver(() => ({ status: 503 }));
    try {
      await output({
        name: 'broken',
        type: 'webhook',
        config: { url: down.url },
        route: { rules: ['Broken'] },
        delivery: { concurrency: 1 },
      });
      await ingest('Broken', 8);
      await eventually(
        async () => {
          const res = await call(app.url, 'GET', '/api/v1/outputs', app.adminToken);
          const o = (
            res.body as { items: Array<{ name: string; health: { circuit: string } }> }
          ).items.find((i) => i.name === 'broken');
          return o?.health.circuit === 'open';
        },
        'an open circuit',
        20_000,
      );
      const calls = down.received.length;
      expect(calls).toBeGreaterThanOrEqual(5);
      await new Promise((r) => setTimeout(r, 3_000));
      expect(down.received.length).toBe(calls); // no hammering while open
      const failed = await call(
        app.url,
        'GET',
        '/api/v1/deliveries?status=failed&output=broken',
        app.adminToken,
      );
      expect((failed.body as { items: unknown[] }).items.length).toBeGreaterThan(0);

      // Back up: the probe after the pause succeeds and the whole backlog follows at once,
      // not at each delivery's own backoff.
      let ok = 0;
      down.answerWith(() => {
        ok++;
        return { status: 200 };
      });
      await eventually(() => ok === 8, 'the backlog after recovery', 15_000);
      // The receiver counts a request before its answer reaches Aerie: wait for the records.
      const latency = /aerie_delivery_latency_seconds_count\{output="broken"\} 8\b/;
      await eventually(
        async () => latency.test(await (await fetch(`${app.url}/metrics`)).text()),
        'eight delivered in the latency histogram',
      );
    } finally {
      await down.close();
    }
  });

  it('sends a batch in one request to outputs that take batches (Alertmanager)', async () => {
    const am = await startReceiver(() => ({ status: 200 }));
    try {
      await output({
        name: 'am',
        type: 'alertmanager',
        config: { hosts: [am.url] },
        route: { rules: ['Batched'] },
      });
      await ingest('Batched', 10);
      await eventually(
        () => am.received.reduce((n, r) => n + (JSON.parse(r.body) as unknown[]).length, 0) === 10,
        'ten alerts',
      );
      expect(am.received.length).toBeLessThan(10);
      expect(am.received[0]!.method).toBe('POST');
    } finally {
      await am.close();
    }
  });
});
