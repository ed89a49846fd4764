import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { parseFalcoJson } from '@aerie/detectors';
import { falcoEvent } from '../../test-support/falco-events.js';
import { spawnApp, type AppProcess } from '../../test-support/app-process.js';
import { call } from '../../test-support/http.js';
import { startTestApp, type TestApp } from '../../test-support/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-database.js';
import { INGEST_LOCK, INSERT_BATCH_SQL } from '../ingest/batch.sql.js';
import { toEventRow } from '../ingest/event-row.js';
import { openStream, poll, type StreamReader } from './siem.test-support.js';

/**
 * Never skip, never repeat (docs/adr/0008-siem-cursor.md): a consumer that follows the cursor
 * gets every committed event exactly once, in seq order, while writers on several connections and
 * replicas commit concurrently — and a writer holding its transaction open makes the others wait
 * rather than commit past it. The last case removes the ingest lock to show what it prevents.
 */

const databases: TestDatabase[] = [];
const apps: TestApp[] = [];
const clients: pg.Client[] = [];
const streams: StreamReader[] = [];
const processes: AppProcess[] = [];
afterAll(async () => {
  for (const s of streams) s.close();
  for (const p of processes) {
    p.child.kill('SIGTERM');
    await p.exited;
  }
  for (const c of clients) await c.end().catch(() => undefined);
  for (const app of apps) await app.close();
  for (const db of databases) await db.drop();
});

async function setup(
  force?: 'pglite',
  replicas = 1,
): Promise<{ db: TestDatabase; apps: TestApp[] }> {
  const db = await createTestDatabase(force);
  databases.push(db);
  const started: TestApp[] = [];
  for (let i = 0; i < replicas; i++)
    started.push(await startTestApp(db, {}, { siem: { rateLimit: { perSecond: 0 } } }));
  apps.push(...started);
  return { db, apps: started };
}

async function connect(db: TestDatabase): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: db.databaseUrl });
  await client.connect();
  clients.push(client);
  return client;
}

/** One event as the batch statement takes it: its id and JSON record. */
function eventRow(rule: string): { id: string; param: string } {
  const parsed = parseFalcoJson(
    JSON.stringify(falcoEvent({ rule, output: `${rule} ${randomUUID()}` })),
    { receivedAt: new Date(), defaultCluster: null, customFields: {}, customTags: [] },
  );
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const row = toEventRow(randomUUID(), parsed.event);
  return { id: row.id, param: `[${row.json}]` };
}

const ids = (items: Array<Record<string, unknown>>) => items.map((i) => i['id'] as string);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Checks a consumer's view: every expected id once, nothing else, seqs strictly rising. */
function expectExactlyOnce(items: Array<Record<string, unknown>>, expected: readonly string[]) {
  const got = ids(items);
  expect(new Set(got).size, 'no event twice').toBe(got.length);
  expect([...got].sort(), 'every committed event, nothing else').toEqual([...expected].sort());
  const seqs = items.map((i) => i['seq'] as number);
  expect(
    seqs.every((s, i) => i === 0 || s > seqs[i - 1]!),
    'in seq order',
  ).toBe(true);
}

describe('what makes seq order commit order', () => {
  it('only the two locked statements insert into events and audit_log', () => {
    const src = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
    const writers: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.ts$/.test(name) && !/\.spec\.ts$|test-support/.test(path)) {
          const text = readFileSync(path, 'utf8');
          if (/INSERT\s+INTO\s+(events|audit_log)\b|COPY\s+(events|audit_log)\b/i.test(text))
            writers.push(relative(src, path));
        }
      }
    };
    walk(src);
    // A new writer must take the table's lock before it draws a seq: ADR 0008.
    expect(writers.sort()).toEqual(['modules/audit/audit-log.ts', 'modules/ingest/batch.sql.ts']);
    const lock = INSERT_BATCH_SQL.indexOf(`pg_advisory_xact_lock(${INGEST_LOCK})`);
    expect(lock).toBeGreaterThan(-1);
    expect(lock).toBeLessThan(INSERT_BATCH_SQL.indexOf('INSERT INTO events'));
  });

  it.each(['default', 'pglite'] as const)(
    'each session draws seqs one at a time: no cached ranges (%s database)',
    async (which) => {
      const {
        apps: [app],
      } = await setup(which === 'pglite' ? 'pglite' : undefined);
      const rows = await app!.database.query<{ seqcache: string | number }>(
        `SELECT seqcache FROM pg_sequence
         WHERE seqrelid IN (pg_get_serial_sequence('events', 'seq')::regclass,
                            pg_get_serial_sequence('audit_log', 'seq')::regclass)`,
      );
      expect(rows.map((r) => Number(r.seqcache))).toEqual([1, 1]);
    },
  );
});

// Held transactions and other backends need a real server; PGlite is one connection.
describe.runIf(process.env['DATABASE_URL'])('a writer that holds its transaction open', () => {
  it('makes every other writer wait; the poller gets them all once it commits', async () => {
    const {
      db,
      apps: [app],
    } = await setup();
    const base = app!.url;
    const token = app!.adminToken;
    const start = (await poll(base, '/api/v1/siem/events', token, null)).cursor;
    const [holder, other] = [await connect(db), await connect(db)];
    const held = eventRow('Held open');
    await holder.query('BEGIN');
    await holder.query(INSERT_BATCH_SQL, [held.param]); // seq drawn, lock held, not committed

    const pid = (await other.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
    const late = eventRow('Started later');
    const otherWrite = other.query(INSERT_BATCH_SQL, [late.param]);
    const httpWrite = call(base, 'POST', '/api/v1/events', undefined, [
      falcoEvent({ rule: 'Over HTTP' }),
      falcoEvent({ rule: 'Over HTTP' }),
    ]);
    // The other connection waits on the ingest lock instead of committing past the held seq.
    const probe = await connect(db);
    for (let i = 0; ; i++) {
      const { rows } = await probe.query<{ wait_event: string | null }>(
        'SELECT wait_event FROM pg_stat_activity WHERE pid = $1',
        [pid],
      );
      if (rows[0]?.wait_event === 'advisory') break;
      if (i > 100) throw new Error('the second writer never waited on the ingest lock');
      await sleep(20);
    }
    const during = await poll(base, '/api/v1/siem/events', token, start);
    expect(during.items, 'nothing committed yet').toEqual([]);

    await holder.query('COMMIT');
    await otherWrite;
    const http = await httpWrite;
    expect(http.status).toBe(200);
    const after = await poll(base, '/api/v1/siem/events', token, during.cursor);
    expect(ids(after.items)[0], 'the held event first: it drew the first seq').toBe(held.id);
    expectExactlyOnce(after.items, [held.id, late.id, ...(http.body as { ids: string[] }).ids]);
  });
});

describe.each([
  [
    'Postgres: two replicas in this process, one in its own, raw connections holding transactions open',
    'default',
  ],
  ['PGlite: one process', 'pglite'],
] as const)('concurrent writers and a poller (%s)', (_name, which) => {
  const onPostgres = which === 'default' && process.env['DATABASE_URL'] !== undefined;
  it('the poller and a stream each get every committed event exactly once, in seq order', async () => {
    const { db, apps: replicas } = await setup(
      which === 'pglite' ? 'pglite' : undefined,
      onPostgres ? 2 : 1,
    );
    const [first] = replicas;
    const token = first!.adminToken;
    const urls = replicas.map((r) => r.url);
    if (onPostgres) {
      const dir = mkdtempSync(join(tmpdir(), 'aerie-siem-order-'));
      const file = join(dir, 'aerie.yaml');
      writeFileSync(file, 'siem:\n  rateLimit:\n    perSecond: 0\n');
      const other = await spawnApp(db, { AERIE_CONFIG: file });
      processes.push(other);
      void other.exited.then(() => rmSync(dir, { recursive: true, force: true }));
      urls.push(other.url);
    }
    const expected: string[] = [];
    const stream = await openStream(first!.url, '/api/v1/siem/stream?heartbeat=1s', token);
    streams.push(stream);

    let writing = true;
    const polled: Array<Record<string, unknown>> = [];
    let cursor: string | null = null;
    let pagesWhileWriting = 0;
    const poller = (async () => {
      // Small pages from alternating replicas, as fast as the writers commit.
      for (let round = 0; writing; round++) {
        const url = urls[round % urls.length]!;
        const page = await poll(url, '/api/v1/siem/events?limit=7', token, cursor);
        polled.push(...page.items);
        cursor = page.cursor;
        pagesWhileWriting += page.pages;
        await sleep(Math.random() * 5);
      }
    })();

    const httpWriters = Array.from({ length: 6 }, async (_, w) => {
      for (let r = 0; r < 15; r++) {
        const url = urls[(w + r) % urls.length]!;
        const size = 1 + ((w * 7 + r) % 5);
        const res = await call(
          url,
          'POST',
          '/api/v1/events',
          undefined,
          Array.from({ length: size }, () =>
            falcoEvent({ rule: `Writer ${w}`, output: randomUUID() }),
          ),
        );
        expect(res.status).toBe(200);
        expected.push(...(res.body as { ids: string[] }).ids);
      }
    });
    const rawWriters = onPostgres
      ? Array.from({ length: 2 }, async (_, w) => {
          const client = await connect(db);
          for (let r = 0; r < 10; r++) {
            const row = eventRow(`Raw ${w}`);
            await client.query('BEGIN');
            await client.query(INSERT_BATCH_SQL, [row.param]);
            await sleep(Math.random() * 30); // commit late: the others queue behind it
            await client.query('COMMIT');
            expected.push(row.id);
          }
        })
      : [];
    await Promise.all([...httpWriters, ...rawWriters]);
    writing = false;
    await poller;
    const polledWhileWriting = polled.length;
    const rest = await poll(first!.url, '/api/v1/siem/events?limit=7', token, cursor);
    polled.push(...rest.items);

    expect(expected.length).toBeGreaterThan(200);
    // The poller really raced the writers: many pages, most events read while writes went on.
    expect(pagesWhileWriting).toBeGreaterThan(20);
    expect(polledWhileWriting).toBeGreaterThan(expected.length / 2);
    expectExactlyOnce(polled, expected);
    const streamed = () =>
      stream.lines.filter((l) => 'event' in l).map((l) => l['event'] as Record<string, unknown>);
    await stream.until(() => streamed().length >= expected.length, 30_000);
    expectExactlyOnce(streamed(), expected);
  });
});

describe.runIf(process.env['DATABASE_URL'])('without the ingest lock (the control)', () => {
  it('a commit that overtakes an earlier seq makes a cursor poller miss the earlier event', async () => {
    const unlocked = INSERT_BATCH_SQL.replace(`pg_advisory_xact_lock(${INGEST_LOCK})`, 'true');
    expect(unlocked).not.toBe(INSERT_BATCH_SQL);
    const {
      db,
      apps: [app],
    } = await setup();
    const base = app!.url;
    const token = app!.adminToken;
    const start = (await poll(base, '/api/v1/siem/events', token, null)).cursor;
    const [slow, fast] = [await connect(db), await connect(db)];
    const early = eventRow('Early seq, late commit');
    const late = eventRow('Late seq, early commit');
    await slow.query('BEGIN');
    await slow.query(unlocked, [early.param]);
    await fast.query(unlocked, [late.param]); // commits at once, with the larger seq
    const seen = await poll(base, '/api/v1/siem/events', token, start);
    expect(ids(seen.items)).toEqual([late.id]);
    await slow.query('COMMIT');
    const after = await poll(base, '/api/v1/siem/events', token, seen.cursor);
    // Committed, yet behind the cursor: skipped for good. The lock above is what prevents it.
    expect(ids(after.items)).toEqual([]);
    const stored = await call(base, 'GET', `/api/v1/events/${early.id}`, token);
    expect(stored.status).toBe(200);
  });
});
