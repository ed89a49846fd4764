import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnApp } from '../../test-support/app-process.js';
import { falcoEvent } from '../../test-support/falco-events.js';
import { call } from '../../test-support/http.js';
import { eventually, startReceiver } from '../../test-support/receiver.js';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-database.js';
import { Database } from '../database/database.js';
import { TokensRepository } from '../tokens/tokens.repository.js';

const EVENTS = 300;
const databases: TestDatabase[] = [];
afterAll(async () => {
  for (const db of databases) await db.drop();
});

describe('deliveries survive the process', () => {
  it('after SIGKILL in the middle of deliveries, a restart delivers every routed event', async () => {
    const target = await createTestDatabase();
    databases.push(target);
    const db = await Database.open(target);
    const admin = (
      await new TokensRepository(db).create({ name: 'reader', scopes: ['admin'], teams: [] })
    ).token;
    await db.close();
    // A slow destination, so that many deliveries are in flight or queued at the kill.
    const receiver = await startReceiver(() => ({ status: 200, delayMs: 20 }));
    const configFile = join(target.dataDir, 'aerie.yaml');
    await writeFile(configFile, 'delivery:\n  leaseSeconds: 3\n  pollMs: 50\n');
    // The output comes from Falcosidekick's own variable, as a switching user would keep it.
    const env = { AERIE_CONFIG: configFile, WEBHOOK_ADDRESS: `${receiver.url}/falco` };
    try {
      const first = await spawnApp(target, env);
      const events = Array.from({ length: EVENTS }, (_, n) =>
        falcoEvent({ output_fields: { 'proc.pid': n, 'k8s.ns.name': 'payments' } }),
      );
      const ids: string[] = [];
      for (let i = 0; i < EVENTS; i += 100) {
        const res = await call(
          first.url,
          'POST',
          '/api/v1/events',
          undefined,
          events.slice(i, i + 100),
        );
        expect(res.status).toBe(200);
        ids.push(...(res.body as { ids: string[] }).ids);
      }
      await eventually(() => receiver.received.length >= 40, 'some deliveries before the kill');
      first.child.kill('SIGKILL');
      await first.exited;
      const before = new Set(receiver.received.map((r) => String(r.headers['webhook-id'])));
      expect(before.size).toBeLessThan(EVENTS); // the kill came mid-way

      const second = await spawnApp(target, env);
      try {
        const seen = () => new Set(receiver.received.map((r) => String(r.headers['webhook-id'])));
        await eventually(() => ids.every((id) => seen().has(id)), 'every event delivered', 90_000);
        // Falcosidekick's webhook sends Falco's own payload: so does the imported output.
        expect(JSON.parse(receiver.received[0]!.body)).toMatchObject({ rule: expect.any(String) });
        expect(JSON.parse(receiver.received[0]!.body)).not.toHaveProperty('fingerprint');
        const pending = await call(second.url, 'GET', '/api/v1/deliveries?status=pending', admin);
        await eventually(async () => {
          const r = await call(second.url, 'GET', '/api/v1/deliveries?status=pending', admin);
          return (r.body as { items: unknown[] }).items.length === 0;
        }, 'nothing left pending');
        expect(pending.status).toBe(200);
      } finally {
        second.child.kill('SIGTERM');
        expect(await second.exited).toBe(0);
      }
    } finally {
      await receiver.close();
    }
  });
});
