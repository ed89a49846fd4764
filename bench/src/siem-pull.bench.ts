import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ingest, ndjsonBatches } from './delivery/ingest.js';
import { cleanup, cleanupOnSignals, onCleanup } from './harness/cleanup.js';
import { intOption } from './harness/options.js';
import { BenchDatabases } from './harness/postgres.js';
import { startAerie } from './harness/targets.js';
import { loadAerieDist } from './query/aerie-dist.js';
import { findRepoRoot } from './repo-root.js';
import { drainCopy, drainPages, drainStream, type Drained } from './siem/drain.js';

/**
 * SIEM pull: events per second a poller drains from `GET /api/v1/siem/events` (JSON pages, NDJSON
 * pages, gzip, ECS) and `/siem/stream`, from the first stored event to the last, parsing every
 * event — against a baseline measured in the same run on the same rows: the database alone
 * COPYing the very JSON the API sends (Aerie's column list). The query API's own seq pages are
 * measured too. Postgres on loopback; Aerie as `npm start` runs it.
 *
 *   npm run bench:siem -- [--events 100000] [--runs 3] [--seed 11]
 *                         [--database-url postgres://postgres@127.0.0.1:5432/postgres]
 */
const { values: opts } = parseArgs({
  options: {
    events: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '3' },
    seed: { type: 'string', default: '11' },
    'database-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
  },
});
const config = {
  events: intOption(opts, 'events', 1000, 10_000_000),
  runs: intOption(opts, 'runs', 1, 20),
  seed: String(opts.seed),
  databaseUrl: String(opts['database-url']),
};
if (!['127.0.0.1', 'localhost', '[::1]'].includes(new URL(config.databaseUrl).hostname))
  throw new Error('--database-url must be a loopback address');

interface Mode {
  name: string;
  run: () => Promise<Drained>;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

async function main(): Promise<void> {
  cleanupOnSignals();
  const repoRoot = findRepoRoot();
  const dist = await loadAerieDist(repoRoot);
  const json = (await import(
    pathToFileURL(join(repoRoot, 'apps', 'api', 'dist', 'modules', 'events', 'event-json.sql.js'))
      .href
  )) as { EVENT_COLUMNS: string; rowJson: (columns: string) => string };

  const dbs = await BenchDatabases.connect(config.databaseUrl);
  const database = await dbs.create('siem');
  const url = dbs.url(database);
  const dir = mkdtempSync(join(tmpdir(), 'aerie-bench-siem-'));
  onCleanup(() => Promise.resolve(rmSync(dir, { recursive: true, force: true })));
  // The pull API's default budget (10 requests/s per token) would pace the poller, not measure it.
  writeFileSync(join(dir, 'aerie.yaml'), 'siem:\n  rateLimit:\n    perSecond: 0\n');
  const aerie = await startAerie(repoRoot, url, database, {
    AERIE_CONFIG: join(dir, 'aerie.yaml'),
    AERIE_DATA_DIR: join(dir, 'data'),
  });
  const aerieDb = await dist.openDatabase(url);
  onCleanup(() => aerieDb.close());
  const token = await dist.createAdminToken(aerieDb, 'bench siem');

  console.log(`date: ${new Date().toISOString()}`);
  console.log(
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}; load ${load()}`,
  );
  const seeded = await ingest(aerie.baseUrl, ndjsonBatches(config.events, 250, config.seed), 4);
  console.log(
    `seeded ${seeded.acks.size} events through POST /api/v1/events in ${((seeded.endedAt - seeded.startedAt) / 1000).toFixed(1)} s`,
  );
  await aerieDb.query('VACUUM ANALYZE events');

  const n = config.events;
  const page = (path: string, ndjson: boolean, gzip: boolean) => () =>
    drainPages(aerie.baseUrl, { token, path, ndjson, gzip, events: n });
  const modes: Mode[] = [
    {
      name: 'baseline: COPY of the same JSON (database only)',
      run: () => drainCopy(url, `SELECT ${json.rowJson(json.EVENT_COLUMNS)}`),
    },
    {
      name: 'GET /api/v1/events?sort=seq&order=asc, 1000/page',
      run: page('/api/v1/events?sort=seq&order=asc&limit=1000', false, false),
    },
    { name: 'siem JSON, 1000/page', run: page('/api/v1/siem/events?limit=1000', false, false) },
    { name: 'siem JSON, 10 000/page', run: page('/api/v1/siem/events?limit=10000', false, false) },
    { name: 'siem NDJSON, 10 000/page', run: page('/api/v1/siem/events?limit=10000', true, false) },
    {
      name: 'siem NDJSON + gzip, 10 000/page',
      run: page('/api/v1/siem/events?limit=10000', true, true),
    },
    {
      name: 'siem NDJSON ECS, 10 000/page',
      run: page('/api/v1/siem/events?limit=10000&format=ecs', true, false),
    },
    {
      name: 'siem NDJSON OCSF, 10 000/page',
      run: page('/api/v1/siem/events?limit=10000&format=ocsf', true, false),
    },
    { name: 'siem stream (NDJSON)', run: () => drainStream(aerie.baseUrl, token, n) },
  ];

  // Round robin: each round drains once in every mode, so load from elsewhere on the machine
  // falls on all modes alike; the median of the rounds is reported.
  const rates = modes.map(() => [] as number[]);
  const last: Drained[] = [];
  for (let r = 0; r < config.runs; r++) {
    for (const [i, mode] of modes.entries()) {
      const drained = await mode.run();
      if (drained.events < n) throw new Error(`${mode.name}: drained ${drained.events} of ${n}`);
      rates[i]!.push(drained.events / drained.seconds);
      last[i] = drained;
    }
    console.log(`  round ${r + 1}: ${rates.map((x) => Math.round(x[r]!)).join(', ')} events/s`);
  }
  const results = modes.map((mode, i) => ({
    name: mode.name,
    rate: median(rates[i]!),
    mb: last[i]!.bytes / 2 ** 20,
    requests: last[i]!.requests,
  }));
  const base = results[0]!.rate;
  console.log(`\n${n} events, median of ${config.runs} rounds; load at end ${load()}\n`);
  console.log('| poller | events/s | × baseline | MB on the wire | requests |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const r of results) {
    console.log(
      `| ${r.name} | ${Math.round(r.rate).toLocaleString('en-US')} | ${(r.rate / base).toFixed(2)} | ${r.mb.toFixed(1)} | ${r.requests} |`,
    );
  }
}

main()
  .catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => cleanup());
