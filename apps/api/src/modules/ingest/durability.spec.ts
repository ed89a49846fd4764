import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-database.js';
import { spawnApp } from '../../test-support/app-process.js';
import { falcoEvent } from '../../test-support/falco-events.js';
import { Database } from '../database/database.js';
import { TokensRepository } from '../tokens/tokens.repository.js';

interface Outcome {
  status: number | 'error';
  id?: string;
}

/** Sends events over 20 keep-alive connections until `count` are sent; connection errors are outcomes. */
async function fire(
  url: string,
  count: number,
  onAck: (acked: number) => void,
): Promise<Outcome[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 20 });
  const outcomes: Outcome[] = [];
  let next = 0;
  let acked = 0;
  const target = new URL(url);
  const one = (i: number) =>
    new Promise<Outcome>((resolve) => {
      const req = http.request(
        {
          host: target.hostname,
          port: target.port,
          path: '/',
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json' },
        },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => {
            if (res.statusCode === 200) onAck(++acked);
            resolve({
              status: res.statusCode ?? 0,
              ...(res.statusCode === 200 ? { id: (JSON.parse(text) as { id: string }).id } : {}),
            });
          });
          res.on('error', () => resolve({ status: 'error' }));
        },
      );
      req.on('error', () => resolve({ status: 'error' }));
      req.end(JSON.stringify(falcoEvent({ output_fields: { 'proc.pid': i, 'evt.seq': i } })));
    });
  const worker = async () => {
    while (next < count) outcomes.push(await one(next++));
  };
  await Promise.all(Array.from({ length: 20 }, worker));
  agent.destroy();
  return outcomes;
}

/**
 * Runs `signal` into the app once `after` events are acknowledged under load, restarts it on the
 * same database and returns what was acknowledged and what the restarted app cannot find.
 */
async function killUnderLoad(which: 'default' | 'pglite', signal: NodeJS.Signals, after: number) {
  const db = await createTestDatabase(which === 'pglite' ? 'pglite' : undefined);
  databases.push(db);
  const reader = await adminToken(db);
  const first = await spawnApp(db);
  const outcomes = await fire(first.url, 1500, (acked) => {
    if (acked === after) first.child.kill(signal);
  });
  const exitCode = await first.exited;
  const acked = outcomes.filter((o) => o.status === 200).map((o) => o.id!);
  const second = await spawnApp(db);
  try {
    return { outcomes, acked, exitCode, lost: await missing(second.url, reader, acked) };
  } finally {
    second.child.kill('SIGTERM');
    await second.exited;
  }
}

/** A token that reads everything, made before the app starts (PGlite allows one process). */
async function adminToken(target: TestDatabase): Promise<string> {
  const db = await Database.open(target);
  try {
    return (await new TokensRepository(db).create({ name: 'reader', scopes: ['admin'], teams: [] }))
      .token;
  } finally {
    await db.close();
  }
}

/** Ids among `ids` that the API does not return (reads every page). */
async function missing(url: string, token: string, ids: string[]): Promise<string[]> {
  const found = new Set<string>();
  let cursor: string | null = null;
  do {
    const res = await fetch(`${url}/api/v1/events?limit=1000${cursor ? `&cursor=${cursor}` : ''}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const page = (await res.json()) as { items: Array<{ id: string }>; next_cursor: string | null };
    for (const item of page.items) found.add(item.id);
    cursor = page.next_cursor;
  } while (cursor !== null);
  return ids.filter((id) => !found.has(id));
}

const databases: TestDatabase[] = [];
afterEach(async () => {
  for (const db of databases.splice(0)) await db.drop();
});

describe.each(['default', 'pglite'] as const)(
  'acknowledged events survive the process (%s database)',
  (which) => {
    it(
      'after SIGKILL in the middle of a load, every 200 is found after restart',
      { timeout: 240_000 },
      async () => {
        const { outcomes, acked, lost } = await killUnderLoad(which, 'SIGKILL', 300);
        expect(acked.length).toBeGreaterThanOrEqual(300);
        expect(outcomes.some((o) => o.status === 'error')).toBe(true); // the kill really cut requests off
        expect(lost).toEqual([]);
      },
    );

    it(
      'SIGTERM drains: in-flight requests are answered, every 200 is stored, exit code 0',
      { timeout: 240_000 },
      async () => {
        const { outcomes, acked, exitCode, lost } = await killUnderLoad(which, 'SIGTERM', 300);
        expect(exitCode).toBe(0);
        expect(acked.length).toBeGreaterThanOrEqual(300);
        const unexpected = outcomes.filter(
          (o) => o.status !== 200 && o.status !== 'error' && o.status !== 503,
        );
        expect(unexpected).toEqual([]);
        expect(lost).toEqual([]);
      },
    );
  },
);
