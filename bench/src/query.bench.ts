import { statfsSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { cleanup, cleanupOnSignals, onCleanup } from './harness/cleanup.js';
import { BenchDatabases } from './harness/postgres.js';
import { aerieMain, startAerie } from './harness/targets.js';
import { buildCalls } from './query/calls.js';
import { loadAerieDist } from './query/aerie-dist.js';
import { dropSeed, fillEvents, prepareSeed, tableSizes } from './query/fill.js';
import { keepDuringFill } from './query/fill.sql.js';
import { measureCall } from './query/measure.js';
import { pickFilters } from './query/pick.js';
import { createQueryDatabase, seedThroughApi } from './query/seed.js';
import { formatBytes, markdownTable, toRow, type CallResult } from './query/summary.js';
import { prepareTenants, runTenantSection } from './query/tenant-run.js';
import { findRepoRoot } from './repo-root.js';
import { intOption } from './harness/options.js';

/**
 * Query API benchmark: does every read of the API use an index at N events?
 *
 * Creates bench_q_<pid>, starts Aerie on it (which migrates it), ingests realistic alerts through
 * the API (the seed), grows the table to N rows in SQL from replicas of the seed, recreates the
 * migration's indexes, then times API calls over HTTP and EXPLAINs the SQL Aerie runs for each.
 *
 *   npm run bench:query -- [--events 1000000] [--keep] [--runs 7] [--seed-events 2000]
 *                          [--days 30] [--workers 2] [--chunk 50000] [--plans FILE]
 *                          [--keep-during-fill expression|gin|none|<index names>]
 *                          [--tenant-glob 'prod-*\/pay*'] [--skip-tenant] [--only-tenant]
 *                          [--database-url postgres://postgres@127.0.0.1:5432/postgres]
 *
 * The tenant section then times a subset of the calls as an admin and as members of four teams,
 * and compares in SQL the scope condition with and without row-level security (tenant-run.ts).
 */
const { values: opts } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    keep: { type: 'boolean', default: false },
    runs: { type: 'string', default: '7' },
    'seed-events': { type: 'string', default: '2000' },
    days: { type: 'string', default: '30' },
    workers: { type: 'string', default: '2' },
    chunk: { type: 'string', default: '50000' },
    'keep-during-fill': { type: 'string', default: 'expression' },
    plans: { type: 'string' },
    'tenant-glob': { type: 'string', default: 'prod-*/pay*' },
    'skip-tenant': { type: 'boolean', default: false },
    'only-tenant': { type: 'boolean', default: false },
    'database-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
  },
});

const int = (name: keyof typeof opts, min: number, max: number): number =>
  intOption(opts, name, min, max);
const config = {
  events: int('events', 1, 100_000_000),
  runs: int('runs', 1, 100),
  seedEvents: int('seed-events', 1, 100_000),
  days: int('days', 1, 3650),
  workers: int('workers', 1, 8),
  chunk: int('chunk', 1000, 1_000_000),
  keep: opts.keep === true,
  keepDuringFill: String(opts['keep-during-fill']),
  plans: opts.plans,
  tenantGlob: String(opts['tenant-glob']),
  skipTenant: opts['skip-tenant'] === true,
  onlyTenant: opts['only-tenant'] === true,
  databaseUrl: String(opts['database-url']),
};
if (config.seedEvents > config.events) throw new Error('--seed-events must be ≤ --events');
const dbHost = new URL(config.databaseUrl).hostname;
if (!['127.0.0.1', 'localhost', '[::1]'].includes(dbHost))
  throw new Error('--database-url must be a loopback address');

const DAY_MS = 86_400_000;
const loadAverage = (): string =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const freeDisk = (): number => {
  const s = statfsSync('/');
  return s.bavail * s.bsize;
};
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function main(): Promise<void> {
  cleanupOnSignals();
  const repoRoot = findRepoRoot();
  aerieMain(repoRoot);
  const dist = await loadAerieDist(repoRoot);
  const started = performance.now();

  const dbs = await BenchDatabases.connect(config.databaseUrl);
  const settings: string[] = [];
  for (const s of [
    'server_version',
    'shared_buffers',
    'work_mem',
    'max_parallel_workers_per_gather',
  ])
    settings.push(await dbs.setting(s));
  console.log(`date: ${new Date().toISOString()}`);
  console.log(
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, ` +
      `node ${process.version}, PostgreSQL ${settings[0]} (shared_buffers ${settings[1]}, ` +
      `work_mem ${settings[2]}, max_parallel_workers_per_gather ${settings[3]})`,
  );
  console.log(`load average at start: ${loadAverage()}; disk free ${formatBytes(freeDisk())}`);

  const database = await createQueryDatabase(dbs, config.keep);
  const url = dbs.url(database);
  const aerie = await startAerie(repoRoot, url, database);
  console.log(`database ${database}; Aerie at ${aerie.baseUrl}`);

  // Reads need a token; the first admin token can only be made in the token store itself.
  const aerieDb = await dist.openDatabase(url);
  onCleanup(() => aerieDb.close());
  const adminToken = await dist.createAdminToken(aerieDb, 'bench admin');
  console.log(`tenant role available to Aerie: ${aerieDb.tenantRole}`);

  const seed = await seedThroughApi(aerie.baseUrl, config.seedEvents);
  console.log(
    `seed: ${seed.accepted} events stored through POST /api/v1/events (${seed.requests} NDJSON ` +
      `batches) in ${seconds(seed.ms)}`,
  );
  const seedRows = await prepareSeed(url);
  if (seedRows === 0) throw new Error('the seed stored no events');

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  try {
    // Disk: the seed's bytes per row overestimate (small tables carry fixed index overhead).
    const perRow = Number(
      (
        await client.query<{ b: string }>(
          `SELECT pg_total_relation_size('events') / greatest(count(*), 1) AS b FROM events`,
        )
      ).rows[0]?.b ?? 0,
    );
    const estimate = perRow * config.events * 1.2;
    console.log(
      `disk: about ${formatBytes(estimate)} needed at most (${perRow} B per seed row), ` +
        `${formatBytes(freeDisk())} free`,
    );
    if (estimate > freeDisk() - 5 * 2 ** 30)
      throw new Error('not enough free disk for this --events (keeping 5 GB spare)');

    const { rows: span } = await client.query<{ first: Date }>(
      'SELECT min(event_time) AS first FROM events',
    );
    const endMs = (span[0]?.first ?? new Date()).getTime() - 1000;
    const startMs = endMs - config.days * DAY_MS;
    const windowSince = new Date(startMs + Math.floor(config.days / 2) * DAY_MS);
    const picks = await pickFilters(client, {
      since: windowSince,
      until: new Date(windowSince.getTime() + DAY_MS),
    });
    console.log(`filters picked from the seed: ${JSON.stringify(picks)}`);
    const tenants = config.skipTenant
      ? undefined
      : await prepareTenants(client, dist, aerie.baseUrl, adminToken, picks, config.tenantGlob);

    const fill = await fillEvents(url, {
      target: config.events,
      startMs,
      endMs,
      chunkSize: config.chunk,
      workers: config.workers,
      keepDuringFill: keepDuringFill(config.keepDuringFill),
      log: (line) => console.log(line),
    });
    await dropSeed(url);
    const sizes = await tableSizes(url);
    console.log(
      `fill: ${fill.rows} rows (${fill.inserted} replicas of ${fill.seedRows} seed rows over ` +
        `${config.days} days) in ${seconds(fill.totalMs)}: insert ${seconds(fill.insertMs)}, ` +
        `indexes ${seconds(fill.indexMs)}, alert_groups totals ${seconds(fill.groupsMs)}, ` +
        `VACUUM ANALYZE ${seconds(fill.vacuumMs)}`,
    );
    console.log(
      `size: events ${formatBytes(sizes.total)} (heap ${formatBytes(sizes.heap)}, TOAST ` +
        `${formatBytes(sizes.toast)}); indexes: ` +
        sizes.indexes.map((i) => `${i.name} ${formatBytes(i.bytes)}`).join(', '),
    );
    console.log(`load average after the fill: ${loadAverage()}`);
    await dbs.checkpoint();

    const results: CallResult[] = [];
    const measureOptions = {
      baseUrl: aerie.baseUrl,
      token: adminToken,
      runs: config.runs,
      slowMs: 10_000,
      slowRuns: 3,
      timeoutMs: 600_000,
    };
    const calls = buildCalls(picks);
    for (const call of config.onlyTenant ? [] : calls) {
      const result = await measureCall(call, measureOptions, dist.EventsRepository, pool);
      results.push(result);
      const row = toRow(result);
      console.log(
        `${row.name.padEnd(58)} median ${row.medianMs.toFixed(1).padStart(8)} ms  p95 ` +
          `${row.p95Ms.toFixed(1).padStart(8)} ms  rows ${String(row.rows).padStart(8)}  read ` +
          `${String(row.rowsRead).padStart(9)}  ${row.access}`,
      );
      if (aerie.child.exited()) throw new Error(`Aerie died:\n${aerie.child.tail()}`);
    }

    let table = markdownTable(results.map(toRow));
    let tenantPlans = '';
    if (tenants !== undefined) {
      const report = await runTenantSection(
        {
          dist,
          db: aerieDb,
          baseUrl: aerie.baseUrl,
          admin: { name: 'admin', token: adminToken },
          teams: tenants.teams,
          readers: tenants.readers,
          runs: config.runs,
          // In SQL: the common exact namespace (`=`) and the glob (`LIKE`).
          sqlTeams: [0, 2],
          log: (line) => console.log(line),
        },
        calls,
      );
      table += `\n\n## Tenant reads\n\n${report.tables}`;
      tenantPlans = `\n## Tenant reads: plans of the SQL variants\n\n${report.plans}`;
    }
    console.log(`\n${table}\n`);
    const plans = results
      .map(
        (r) =>
          `### ${r.name}\n\nGET ${r.path}\n\n` +
          r.statements
            .map(
              (s) =>
                `${s.label}: ${JSON.stringify(s.params)}\n\`\`\`\n${s.plan}\n\`\`\`\n` +
                `<details><summary>SQL</summary>\n\n\`\`\`sql\n${s.sql}\n\`\`\`\n</details>\n`,
            )
            .join('\n'),
      )
      .join('\n');
    if (config.plans !== undefined) {
      writeFileSync(config.plans, `${table}\n\n${plans}\n${tenantPlans}\n`);
      console.log(`plans and SQL written to ${config.plans}`);
    } else {
      console.log(`${plans}\n${tenantPlans}`);
    }
    console.log(
      `load average at end: ${loadAverage()}; total ${seconds(performance.now() - started)}`,
    );
    if (config.keep) console.log(`kept database ${database}: psql ${url}`);
  } finally {
    await client.end();
    await pool.end();
  }
}

main()
  .catch((err: unknown) => {
    process.stderr.write(
      `bench:query failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exitCode = 1;
  })
  .finally(() => cleanup());
