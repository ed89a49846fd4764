import pg from 'pg';
import {
  SEED_TABLE,
  buildOrder,
  chunks,
  createSeedTable,
  fillChunkSql,
  insertableColumnsSql,
  quoteIdent,
  refreshGroupsSql,
  secondaryIndexesSql,
  timeSpread,
  type IndexDef,
} from './fill.sql.js';

export interface FillOptions {
  /** Rows wanted in `events` at the end (seed rows included). */
  target: number;
  /** Replica times are spread over [startMs, endMs). */
  startMs: number;
  endMs: number;
  chunkSize: number;
  /** Connections inserting chunks and building indexes at once. */
  workers: number;
  /**
   * Leave these secondary indexes in place during the insert instead of rebuilding them after
   * (maintained row by row on all workers rather than built by one process at the end).
   */
  keepDuringFill: (index: IndexDef) => boolean;
  log: (line: string) => void;
}

export interface FillReport {
  seedRows: number;
  inserted: number;
  insertMs: number;
  indexMs: number;
  indexTimes: Array<{ name: string; ms: number }>;
  groupsMs: number;
  vacuumMs: number;
  totalMs: number;
  rows: number;
}

async function connect(url: string, settings: string[] = []): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  for (const s of settings) await client.query(s);
  return client;
}

/** Runs `tasks` on `clients`, each client taking the next task when it is free. */
async function pool<T>(
  clients: readonly pg.Client[],
  tasks: readonly T[],
  run: (client: pg.Client, task: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    clients.map(async (client) => {
      for (let task = tasks[next++]; task !== undefined; task = tasks[next++]) {
        await run(client, task);
      }
    }),
  );
}

export async function readSecondaryIndexes(client: pg.Client): Promise<IndexDef[]> {
  return (await client.query<IndexDef>(secondaryIndexesSql)).rows;
}

/** Copies the rows ingested so far into the seed table; returns their number. */
export async function prepareSeed(url: string): Promise<number> {
  const client = await connect(url);
  try {
    await client.query(`DROP TABLE IF EXISTS ${SEED_TABLE}`);
    await client.query(createSeedTable());
    await client.query(`CREATE UNIQUE INDEX ON ${SEED_TABLE} (k)`);
    await client.query(`ANALYZE ${SEED_TABLE}`);
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${SEED_TABLE}`,
    );
    return rows[0]?.n ?? 0;
  } finally {
    await client.end();
  }
}

export async function dropSeed(url: string): Promise<void> {
  const client = await connect(url);
  try {
    await client.query(`DROP TABLE IF EXISTS ${SEED_TABLE}`);
  } finally {
    await client.end();
  }
}

/**
 * Grows `events` to `target` rows: drops the secondary indexes (as pg_indexes defines them, so the
 * benchmark follows the migration), inserts replicas of the seed rows in chunks on `workers`
 * connections, recreates the indexes from the saved definitions, checks they are identical,
 * refreshes alert_groups' totals, then VACUUM (ANALYZE) as autovacuum would eventually.
 */
export async function fillEvents(url: string, opts: FillOptions): Promise<FillReport> {
  const started = performance.now();
  const main = await connect(url);
  const workers: pg.Client[] = [];
  try {
    const seedRows = Number(
      (await main.query<{ n: string }>(`SELECT count(*) AS n FROM ${SEED_TABLE}`)).rows[0]?.n ?? 0,
    );
    const existing = Number(
      (await main.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0]?.n ?? 0,
    );
    const toInsert = Math.max(0, opts.target - existing);
    const indexes = await readSecondaryIndexes(main);
    const dropped = indexes.filter((i) => !opts.keepDuringFill(i));
    const kept = indexes.filter((i) => opts.keepDuringFill(i));
    opts.log(
      `fill: ${existing} rows → ${opts.target}; dropping ${dropped.length} secondary indexes ` +
        `(${dropped.map((i) => i.name).join(', ')})` +
        (kept.length > 0 ? `, keeping ${kept.map((i) => i.name).join(', ')}` : ''),
    );
    for (const index of dropped) await main.query(`DROP INDEX ${quoteIdent(index.name)}`);
    await main.query('ALTER TABLE events SET (autovacuum_enabled = false)');

    for (let i = 0; i < opts.workers; i++) {
      workers.push(
        await connect(url, [
          'SET synchronous_commit = off',
          "SET maintenance_work_mem = '1GB'",
          // Two builds run at once on two cores: one process per build.
          'SET max_parallel_maintenance_workers = 0',
        ]),
      );
    }

    const insertStarted = performance.now();
    const spread = timeSpread(opts.startMs, opts.endMs, Math.max(1, toInsert));
    const columns = (await main.query<{ name: string }>(insertableColumnsSql)).rows.map(
      (r) => r.name,
    );
    const sql = fillChunkSql(columns);
    let done = 0;
    let nextReport = 0.1;
    await pool(workers, chunks(toInsert, opts.chunkSize), async (client, [from, to]) => {
      await client.query(sql, [from, to, spread.startEpochSeconds, spread.stepSeconds, seedRows]);
      done += to - from;
      if (done / toInsert >= nextReport) {
        const s = (performance.now() - insertStarted) / 1000;
        opts.log(
          `  inserted ${done} / ${toInsert} (${Math.round((100 * done) / toInsert)} %) in ${s.toFixed(0)} s`,
        );
        while (nextReport <= done / toInsert) nextReport += 0.1;
      }
    });
    const insertMs = performance.now() - insertStarted;

    const indexStarted = performance.now();
    const indexTimes: Array<{ name: string; ms: number }> = [];
    await pool(workers, buildOrder(dropped), async (client, index) => {
      const t = performance.now();
      await client.query(index.def);
      indexTimes.push({ name: index.name, ms: performance.now() - t });
      opts.log(`  index ${index.name} built in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    });
    const indexMs = performance.now() - indexStarted;
    const rebuilt = await readSecondaryIndexes(main);
    const same =
      rebuilt.length === indexes.length &&
      rebuilt.every((r, i) => r.name === indexes[i]?.name && r.def === indexes[i]?.def);
    if (!same) {
      throw new Error(
        `recreated indexes differ from the migration's:\n${JSON.stringify({ indexes, rebuilt }, null, 2)}`,
      );
    }

    const groupsStarted = performance.now();
    await main.query("SET work_mem = '256MB'");
    await main.query(refreshGroupsSql);
    const groupsMs = performance.now() - groupsStarted;

    const vacuumStarted = performance.now();
    await main.query('ALTER TABLE events RESET (autovacuum_enabled)');
    await main.query('VACUUM (ANALYZE) events');
    await main.query('VACUUM (ANALYZE) alert_groups');
    const vacuumMs = performance.now() - vacuumStarted;

    const rows = Number(
      (await main.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0]?.n ?? 0,
    );
    return {
      seedRows,
      inserted: toInsert,
      insertMs,
      indexMs,
      indexTimes,
      groupsMs,
      vacuumMs,
      totalMs: performance.now() - started,
      rows,
    };
  } finally {
    for (const w of workers) await w.end().catch(() => undefined);
    await main.end().catch(() => undefined);
  }
}

export interface TableSizes {
  heap: number;
  toast: number;
  indexes: Array<{ name: string; bytes: number }>;
  total: number;
}

export async function tableSizes(url: string): Promise<TableSizes> {
  const client = await connect(url);
  try {
    const { rows } = await client.query<{ heap: string; toast: string; total: string }>(
      `SELECT pg_relation_size('events') AS heap,
         coalesce(pg_total_relation_size(NULLIF(c.reltoastrelid, 0)), 0) AS toast,
         pg_total_relation_size('events') AS total
       FROM pg_class c WHERE c.oid = 'events'::regclass`,
    );
    const idx = await client.query<{ name: string; bytes: string }>(
      `SELECT indexrelid::regclass::text AS name, pg_relation_size(indexrelid) AS bytes
       FROM pg_index WHERE indrelid = 'events'::regclass ORDER BY 2 DESC`,
    );
    const r = rows[0];
    return {
      heap: Number(r?.heap ?? 0),
      toast: Number(r?.toast ?? 0),
      total: Number(r?.total ?? 0),
      indexes: idx.rows.map((x) => ({ name: x.name, bytes: Number(x.bytes) })),
    };
  } finally {
    await client.end();
  }
}
