import { afterAll, describe, expect, it } from 'vitest';
import type { AlertGroup, LiveEvent } from '@aerie/contracts';
import { falcoEvent } from '../../test-support/falco-events.js';
import { call } from '../../test-support/http.js';
import { openLive, type LiveSocket } from '../../test-support/live-socket.js';
import { eventually } from '../../test-support/receiver.js';
import { startTestApp, type TestApp } from '../../test-support/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-database.js';
import { Bus } from '../bus/bus.js';

const databases: TestDatabase[] = [];
const apps: TestApp[] = [];
const sockets: LiveSocket[] = [];
afterAll(async () => {
  for (const s of sockets) s.ws.terminate();
  for (const app of apps) await app.close();
  for (const db of databases) await db.drop();
});

// Replicas share one Postgres (PGlite is one process per data directory).
describe.runIf(process.env['DATABASE_URL'])('two replicas', () => {
  it("each one's live clients see what the other stores and changes (LISTEN/NOTIFY)", async () => {
    const target = await createTestDatabase();
    databases.push(target);
    for (let i = 0; i < 2; i++) apps.push(await startTestApp(target));
    const [one, two] = apps as [TestApp, TestApp];
    const clients = await Promise.all(
      apps.map(async (app) => {
        const socket = await openLive(app.url, { token: one.adminToken });
        sockets.push(socket);
        socket.send({ type: 'subscribe', events: {} });
        await socket.next('subscribed');
        return socket;
      }),
    );
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await call(
        (i % 2 === 0 ? one : two).url,
        'POST',
        '/api/v1/events',
        undefined,
        Array.from({ length: 5 }, () => falcoEvent()),
      );
      expect(res.status, res.text).toBe(200);
      ids.push(...(res.body as { ids: string[] }).ids);
    }
    const items = (s: LiveSocket) =>
      s.messages.flatMap((m) => (m.type === 'events' ? m.items.map((e: LiveEvent) => e.id) : []));
    for (const socket of clients) {
      await eventually(() => items(socket).length >= ids.length, 'every event on each replica');
      expect(items(socket)).toEqual(ids);
    }

    // Group and delivery changes made on one replica reach the other's clients, once each.
    const groups = (
      (await call(one.url, 'GET', '/api/v1/groups', one.adminToken)).body as {
        items: AlertGroup[];
      }
    ).items;
    one.get(Bus).emit('groups', { groups });
    const delivery = {
      id: '1',
      eventId: ids[0]!,
      output: 'hook',
      status: 'dead' as const,
      cluster: null,
      namespace: 'payments',
    };
    two.get(Bus).emit('delivery', delivery);
    for (const socket of clients) {
      await socket.next('group');
      await socket.next('delivery');
    }
    await new Promise((r) => setTimeout(r, 500));
    for (const socket of clients) {
      expect(socket.messages.filter((m) => m.type === 'group')).toHaveLength(groups.length);
      expect(socket.messages.filter((m) => m.type === 'delivery')).toEqual([
        {
          type: 'delivery',
          delivery: { id: '1', event_id: ids[0], output: 'hook', status: 'dead' },
        },
      ]);
    }
  });
});
