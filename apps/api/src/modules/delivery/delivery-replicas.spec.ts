import { afterAll, describe, expect, it } from 'vitest';
import { falcoEvent } from '../../test-support/falco-events.js';
import { call } from '../../test-support/http.js';
import { eventually, startReceiver } from '../../test-support/receiver.js';
import { startTestApp, type TestApp } from '../../test-support/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-database.js';

const EVENTS = 400;
const databases: TestDatabase[] = [];
const apps: TestApp[] = [];
afterAll(async () => {
  for (const app of apps) await app.close();
  for (const db of databases) await db.drop();
});

// Replicas share one Postgres (PGlite is one process per data directory).
describe.runIf(process.env['DATABASE_URL'])('two replicas', () => {
  it('share the deliveries: each event reaches the destination once, both workers take part', async () => {
    const target = await createTestDatabase();
    databases.push(target);
    // Slow enough that both workers have claims in flight at once.
    const receiver = await startReceiver(() => ({ status: 200, delayMs: 15 }));
    const outputs = [{ name: 'shared', type: 'webhook', config: { url: receiver.url } }];
    for (let i = 0; i < 2; i++) {
      apps.push(await startTestApp(target, {}, { outputs, delivery: { pollMs: 20, claim: 20 } }));
    }
    try {
      const ids: string[] = [];
      for (let i = 0; i < EVENTS; i += 100) {
        const res = await call(
          apps[i % 2 === 0 ? 0 : 1]!.url,
          'POST',
          '/api/v1/events',
          undefined,
          Array.from({ length: 100 }, () => falcoEvent()),
        );
        ids.push(...(res.body as { ids: string[] }).ids);
      }
      await eventually(() => receiver.received.length >= EVENTS, 'every delivery', 60_000);
      await new Promise((r) => setTimeout(r, 300));
      const got = receiver.received.map((r) => String(r.headers['webhook-id']));
      expect(got.length).toBe(EVENTS);
      expect(new Set(got)).toEqual(new Set(ids));
      // Each replica's metrics count the attempts it made.
      const counts = await Promise.all(
        apps.map(async (app) => {
          const text = await (await fetch(`${app.url}/metrics`)).text();
          const m =
            /aerie_delivery_attempts_total\{output="shared",result="delivered"\} (\d+)/.exec(text);
          return Number(m?.[1] ?? 0);
        }),
      );
      expect(counts[0]! + counts[1]!).toBe(EVENTS);
      expect(Math.min(...counts)).toBeGreaterThan(0);
    } finally {
      await receiver.close();
    }
  });
});
