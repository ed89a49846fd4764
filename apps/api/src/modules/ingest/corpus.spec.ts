import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGenerator } from '@aerie/bench';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-database.js';
import {
  get,
  post,
  postConcurrently,
  startTestApp,
  type TestApp,
} from '../../test-support/test-app.js';

/** Realistic events from the real Falco rules (every source), on the default database and on PGlite. */
describe.each(['default', 'pglite'] as const)(
  'events from the Falco rules corpus (%s database)',
  (which) => {
    let db: TestDatabase;
    let app: TestApp;
    const NOW = Date.parse('2026-05-01T12:00:00Z');

    beforeAll(async () => {
      db = await createTestDatabase(which === 'pglite' ? 'pglite' : undefined);
      app = await startTestApp(db);
    });
    afterAll(async () => {
      await app?.close();
      await db?.drop();
    });

    it('accepts every generated event, one per POST and in NDJSON batches, and gives each back exactly', async () => {
      const generator = createGenerator({ seed: 7, now: NOW });
      const bodies = Array.from({ length: 300 }, () => generator.nextJson());
      const single = await postConcurrently(`${app.url}/`, bodies.slice(0, 150), 20);
      expect(single.filter((r) => r.status !== 200)).toEqual([]);
      const batch = await post(
        `${app.url}/api/v1/events`,
        bodies.slice(150).join('\n'),
        'application/x-ndjson',
      );
      expect(batch.status, batch.text).toBe(200);
      const ids = [
        ...single.map((r) => (r.body as { id: string }).id),
        ...(batch.body as { ids: string[] }).ids,
      ];

      // Each stored event's raw payload is the sent event, value for value, big integers included.
      for (const k of [0, 1, 2, 149, 150, 299]) {
        const res = await get(`${app.url}/api/v1/events/${ids[k]}`, app.adminToken);
        const sent = bodies[k]!;
        const evtTime = /"evt\.time":(\d+)/.exec(sent)?.[1];
        if (evtTime) expect(res.text).toContain(`"evt.time": ${evtTime}`);
        const raw = (res.body as { raw: unknown }).raw;
        expect(raw).toEqual(JSON.parse(sent));
      }
    });

    it('classifies every source into a boundary and counts them', async () => {
      const stats = (await get(`${app.url}/api/v1/stats?top=100`, app.adminToken)).body as {
        total: number;
        by_source: Array<{ value: string; count: number }>;
        by_boundary: Array<{ value: string; count: number }>;
      };
      expect(stats.total).toBe(300);
      const sources = createGenerator({ seed: 7, now: NOW }).sources;
      expect(stats.by_source.map((s) => s.value).sort()).toEqual([...sources].sort());
      const audit = (
        await get(`${app.url}/api/v1/events?source=k8s_audit&limit=1000`, app.adminToken)
      ).body as {
        items: Array<{ boundary: string }>;
      };
      expect(audit.items.length).toBeGreaterThan(0);
      expect(new Set(audit.items.map((i) => i.boundary))).toEqual(new Set(['control-plane']));
      expect(stats.by_boundary.map((b) => b.value)).toEqual(
        expect.arrayContaining(['control-plane', 'host', 'network']),
      );
    });
  },
);
