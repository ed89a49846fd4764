import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { spawnSync } from 'node:child_process';
import { createGenerator } from './index.js';
import { cleanup, cleanupOnSignals, onCleanup } from './harness/cleanup.js';
import { BenchDatabases } from './harness/postgres.js';
import {
  formatRun,
  markdownTable,
  roundRatios,
  summarise,
  type RunRecord,
} from './harness/report.js';
import { median } from './harness/stats.js';
import { aerieMain, startAerie, startBaseline, type Target } from './harness/targets.js';
import { assertWrkInstalled, runWrk, writeBodies, writeWrkScript } from './harness/wrk.js';
import { findRepoRoot } from './repo-root.js';
import { intOption } from './harness/options.js';

/**
 * Ingest benchmark: Aerie against a bare node:http + group-commit COPY baseline, in the same run,
 * interleaved (A B A B…), medians over rounds. Two modes: `single` = one event per POST / as
 * Falco's http_output sends them; `batch` = NDJSON batches on POST /api/v1/events as a forwarder
 * would. After every run the rows stored are compared with the events acknowledged.
 *
 * Falco pods are many clients with one event each (--connections); a forwarder is a few clients
 * with big bodies (--batch-connections), so each mode has its own concurrency.
 *
 *   npm run bench -- [--rounds 3] [--duration 10] [--warmup 3] [--connections 50] [--batch 100]
 *                    [--batch-connections 10]
 *                    [--modes single,batch] [--baseline-writers 1] [--threads 1]
 *                    [--database-url postgres://postgres@127.0.0.1:5432/postgres]
 */
const { values: opts } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '50' },
    'batch-connections': { type: 'string', default: '10' },
    batch: { type: 'string', default: '100' },
    threads: { type: 'string', default: '1' },
    modes: { type: 'string', default: 'single,batch' },
    'baseline-writers': { type: 'string', default: '1' },
    'database-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
  },
});

const int = (name: keyof typeof opts, min: number, max: number): number =>
  intOption(opts, name, min, max);
const config = {
  rounds: int('rounds', 1, 20),
  duration: int('duration', 1, 300),
  warmup: int('warmup', 0, 60),
  connections: int('connections', 1, 1000),
  batchConnections: int('batch-connections', 1, 1000),
  batch: int('batch', 1, 10_000),
  threads: int('threads', 1, 8),
  baselineWriters: int('baseline-writers', 1, 16),
  modes: String(opts.modes)
    .split(',')
    .map((m) => m.trim()),
  databaseUrl: String(opts['database-url']),
};
if (!config.modes.every((m) => m === 'single' || m === 'batch'))
  throw new Error('--modes: single and/or batch');
const dbHost = new URL(config.databaseUrl).hostname;
if (!['127.0.0.1', 'localhost', '[::1]'].includes(dbHost))
  throw new Error('--database-url must be a loopback address');

interface Mode {
  name: string;
  path: string;
  contentType: string;
  bodiesFile: string;
  countAccepted: boolean;
  eventsPerRequest: number;
  connections: number;
}

async function main(): Promise<void> {
  cleanupOnSignals();
  assertWrkInstalled();
  const repoRoot = findRepoRoot();
  aerieMain(repoRoot);
  const benchDist = dirname(fileURLToPath(import.meta.url));

  const work = mkdtempSync(join(tmpdir(), 'aerie-bench-'));
  onCleanup(async () => rmSync(work, { recursive: true, force: true }));
  const modes = prepareModes(work);
  const script = writeWrkScript(work);

  const dbs = await BenchDatabases.connect(config.databaseUrl);
  printMachine(await dbs.setting('server_version'));

  // Aerie migrates an empty database at start; both servers then get an identical copy of it.
  const schema = await dbs.create('schema');
  const migrator = await startAerie(repoRoot, dbs.url(schema), schema);
  await migrator.child.stop();
  const aerieDb = await dbs.create('aerie', schema);
  const baselineDb = await dbs.create('baseline', schema);
  await dbs.drop(schema);

  const targets: Target[] = [
    await startAerie(repoRoot, dbs.url(aerieDb), aerieDb),
    await startBaseline(benchDist, dbs.url(baselineDb), baselineDb, config.baselineWriters),
  ];

  const run = async (
    mode: Mode,
    target: Target,
    seconds: number,
    round: number,
  ): Promise<RunRecord> => {
    await dbs.checkpoint();
    const before = await dbs.countEvents(target.database);
    const wrk = await runWrk(script, {
      baseUrl: target.baseUrl,
      path: mode.path,
      contentType: mode.contentType,
      bodiesFile: mode.bodiesFile,
      countAccepted: mode.countAccepted,
      connections: mode.connections,
      durationSeconds: seconds,
      threads: config.threads,
    });
    const stored = (await dbs.settledCount(target.database)) - before;
    const lost = Math.max(0, wrk.events - stored);
    const unacknowledged = Math.max(0, stored - wrk.events);
    const durable = lost === 0 && unacknowledged <= mode.connections * mode.eventsPerRequest;
    if (target.child.exited())
      throw new Error(`${target.name} died during the run:\n${target.child.tail()}`);
    return {
      mode: mode.name,
      target: target.name,
      round,
      wrk,
      stored,
      lost,
      unacknowledged,
      durable,
    };
  };

  if (config.warmup > 0) {
    for (const mode of modes)
      for (const target of targets) await run(mode, target, config.warmup, 0);
    console.log(`warm-up done (${config.warmup} s per server and mode)\n`);
  }

  const records: RunRecord[] = [];
  for (let round = 1; round <= config.rounds; round++) {
    for (const mode of modes) {
      for (const target of targets) {
        const record = await run(mode, target, config.duration, round);
        records.push(record);
        console.log(formatRun(record));
      }
    }
  }

  const ratios = new Map(
    modes.map((m) => [m.name, roundRatios(records, m.name, 'Aerie', 'baseline')]),
  );
  console.log(`\n${markdownTable(summarise(records), ratios)}\n`);
  const failed = records.filter((r) => !r.durable);
  console.log(
    failed.length === 0
      ? `durability: every acknowledged event was stored in all ${records.length} runs`
      : `durability FAILED in ${failed.length} run(s): ${failed.map((r) => `${r.target}/${r.mode}/round ${r.round}`).join(', ')}`,
  );
  const single = ratios.get('single');
  if (single && single.length > 0) {
    const met = median(single) >= 0.5;
    console.log(
      `target (Aerie ≥ 50 % of the baseline, one event per POST): ${met ? 'met' : 'MISSED'}`,
    );
  }
  console.log(`load average at end: ${loadAverage()}`);
  if (failed.length > 0) process.exitCode = 1;
}

const loadAverage = (): string =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/** Pre-generated bodies, so wrk spends no CPU building requests during the runs. */
function prepareModes(work: string): Mode[] {
  const modes: Mode[] = [];
  if (config.modes.includes('single')) {
    const generator = createGenerator({ seed: 'bench-single' });
    const bodies = Array.from({ length: 4000 }, () => generator.nextJson());
    modes.push({
      name: 'single',
      path: '/',
      contentType: 'application/json',
      bodiesFile: writeBodies(work, 'single', bodies),
      countAccepted: false,
      eventsPerRequest: 1,
      connections: config.connections,
    });
  }
  if (config.modes.includes('batch')) {
    const generator = createGenerator({ seed: 'bench-batch' });
    const batchCount = Math.max(20, Math.ceil(30_000 / config.batch));
    const bodies = Array.from({ length: batchCount }, () =>
      Array.from({ length: config.batch }, () => generator.nextJson()).join('\n'),
    );
    modes.push({
      name: 'batch',
      path: '/api/v1/events',
      contentType: 'application/x-ndjson',
      bodiesFile: writeBodies(work, 'batch', bodies),
      countAccepted: true,
      eventsPerRequest: config.batch,
      connections: config.batchConnections,
    });
  }
  return modes;
}

function printMachine(pgVersion: string): void {
  const wrk = spawnSync('wrk', ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0] ?? '';
  console.log(`date: ${new Date().toISOString()}`);
  console.log(
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
  );
  console.log(`node ${process.version}, PostgreSQL ${pgVersion}, ${wrk.trim()}`);
  console.log(
    `load average at start: ${loadAverage()} (other work on the cores makes every figure noisier)`,
  );
  console.log(
    `load: wrk -t${config.threads}; single: -c${config.connections}; ` +
      `batch: ${config.batch} events per request, -c${config.batchConnections}; ` +
      `${config.rounds} rounds × ${config.duration} s; baseline writers ${config.baselineWriters}\n`,
  );
}

main()
  .catch((err: unknown) => {
    process.stderr.write(
      `bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exitCode = 1;
  })
  .finally(() => cleanup());
