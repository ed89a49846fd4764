import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { deliveryGauges, startInstance } from './delivery/aerie.js';
import { ndjsonBatches } from './delivery/ingest.js';
import { DELIVERY_OPTIONS, deliveryOptions, startDeliveryBench } from './delivery/options.js';
import { Receiver } from './delivery/receiver-client.js';
import { endToEnd, type RunContext } from './delivery/runs.js';
import {
  perRoundRatios,
  rate,
  runsTable,
  summariseRuns,
  type RunFigure,
} from './delivery/summary.js';
import { cleanup } from './harness/cleanup.js';
import { loadAverage } from './harness/machine.js';
import { intOption } from './harness/options.js';
import type { Target } from './harness/targets.js';
import { receiverFigures, untilRecorded } from './siem-push/figures.js';
import { isSiemType, type SiemType } from './siem-push/formats.js';
import { maxBatches, outputConfig } from './siem-push/outputs.js';
import { loadRequests, replayHttp, replaySyslog, type SavedRequest } from './siem-push/requests.js';
import { pushTable, type PushRow } from './siem-push/table.js';
import { backlog } from './siem-push/backlog.js';

/**
 * SIEM push: events/s Aerie delivers to each batching output (Splunk HEC, Elasticsearch `_bulk`,
 * Loki, Sentinel; syslog over TCP) on loopback, each against a local receiver answering success
 * the way that service does — end to end from the first ingest POST until every delivery is
 * recorded, and (HTTP outputs) draining a backlog built while the receiver held its answers —
 * and, in the same rounds, a baseline: a bare node:http client (a bare socket for syslog)
 * replaying Aerie's own requests to the same receiver. Rounds are interleaved; ratios per round.
 *
 *   npm run bench:siem-push -- [--events 5000] [--rounds 3] [--concurrency 4]
 *                              [--outputs splunk,elasticsearch,loki,sentinel,syslog]
 *                              [--batch 100] [--ingest-connections 4] [--poll-ms 50]
 *                              [--timeout 600] [--backend postgres|pglite]
 *                              [--database-url postgres://postgres@127.0.0.1:5432/postgres]
 */
const { values: opts } = parseArgs({
  options: {
    ...DELIVERY_OPTIONS,
    events: { type: 'string', default: '5000' },
    rounds: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '4' },
    outputs: { type: 'string', default: 'splunk,elasticsearch,loki,sentinel,syslog' },
  },
});
const int = (name: keyof typeof opts, min: number, max: number): number =>
  intOption(opts, name, min, max);
const outputs = String(opts.outputs)
  .split(',')
  .map((s) => s.trim())
  .filter((s) => s !== '');
const types = outputs.filter(isSiemType);
if (types.length === 0 || types.length !== outputs.length)
  throw new Error('--outputs: a list of splunk, elasticsearch, loki, sentinel, syslog');
const config = {
  events: int('events', 100, 1_000_000),
  rounds: int('rounds', 1, 20),
  concurrency: int('concurrency', 1, 100),
  outputs: types,
  ...deliveryOptions(opts),
};
const fmt = (x: number): string => Math.round(x).toString().padStart(6);

interface Setup {
  type: SiemType;
  aerie: Target;
  ctx: RunContext;
  /** Aerie's requests of the first measured run: what the baseline replays. */
  saved?: SavedRequest[];
}

/**
 * The baseline: Aerie's requests of the first backlog run (full batches; syslog: of the first
 * end-to-end run) replayed straight to the receiver; events/s.
 */
async function baseline(s: Setup): Promise<number> {
  const { receiver } = s.ctx;
  const saved = s.saved!;
  const events = saved.reduce((n, r) => n + r.events, 0);
  await receiver.reset();
  let startedAt: number;
  let endedAt: number;
  if (s.type === 'syslog') {
    startedAt = await replaySyslog(receiver.url, saved);
    if (!(await receiver.waitDelivered(events, s.ctx.timeoutMs, 10)))
      throw new Error('syslog baseline: not every frame arrived');
    const report = await receiver.report();
    endedAt = Math.max(...report.firstOk.map(([, at]) => at));
  } else {
    const run = await replayHttp(receiver.url, saved, config.concurrency);
    if (run.failed > 0) throw new Error(`${s.type} baseline: ${run.failed} non-2xx answers`);
    ({ startedAt, endedAt } = run);
  }
  const report = await receiver.report();
  if (report.delivered !== events || report.duplicates > 0)
    throw new Error(
      `${s.type} baseline: ${report.delivered} of ${events} received, ${report.duplicates} twice`,
    );
  return rate(events, startedAt, endedAt);
}

async function main(): Promise<void> {
  const { repoRoot, workDir, dbs } = await startDeliveryBench('siem-push', config);
  const batchOf = await maxBatches(repoRoot);

  const batches = ndjsonBatches(config.events, config.batch, 'bench-siem-push');
  const setups: Setup[] = [];
  for (const type of config.outputs) {
    const receiver = await Receiver.start(join(import.meta.dirname, 'siem-push', 'receiver.js'), [
      type,
    ]);
    const aerie = await startInstance({
      repoRoot,
      dbs,
      label: type,
      pollMs: config.pollMs,
      output: {
        type,
        config: outputConfig(type, receiver.url),
        concurrency: config.concurrency,
      },
    });
    const ctx: RunContext = {
      receiver,
      batches,
      events: config.events,
      ingestConnections: config.ingestConnections,
      timeoutMs: config.timeoutS * 1000,
      workDir,
      dbs,
    };
    setups.push({ type, aerie, ctx });
    console.log(`${type}: receiver ${receiver.url}, Aerie ${aerie.baseUrl}`);
  }

  // Warm-up: a tenth of the events through every output (JIT, connections, Sentinel's token).
  for (const s of setups) {
    const warmBatches = batches.slice(0, Math.ceil(batches.length / 10));
    await endToEnd({ ...s.ctx, batches: warmBatches }, s.aerie, false);
  }

  const runs: RunFigure[] = [];
  const perRequest = new Map<string, number[]>();
  const note = (key: string, x: number) => perRequest.set(key, [...(perRequest.get(key) ?? []), x]);
  for (let round = 1; round <= config.rounds; round++) {
    for (const s of setups) {
      // Syslog cannot hold its frames: its baseline replays the end-to-end run's frames.
      const keepE2e = s.saved === undefined && s.type === 'syslog';
      await dbs?.checkpoint();
      const e2e = await endToEnd(s.ctx, s.aerie, keepE2e);
      const seen = receiverFigures(await s.ctx.receiver.report());
      const gauges = await deliveryGauges(s.aerie.baseUrl);
      if (gauges.dead > 0 || gauges.pending > 0)
        throw new Error(`${s.type}: ${gauges.dead} dead, ${gauges.pending} pending after the run`);
      const recorded = untilRecorded(config.events, e2e.eventsPerSecond, e2e.recordedAfterMs);
      note(s.type, seen.eventsPerRequest);
      runs.push(
        { kind: `${s.type}: Aerie, until all recorded`, round, eventsPerSecond: recorded },
        {
          kind: `${s.type}: Aerie, until last received`,
          round,
          eventsPerSecond: e2e.eventsPerSecond,
          p50Ms: e2e.p50Ms,
          p99Ms: e2e.p99Ms,
        },
        { kind: `${s.type}: receiver side`, round, eventsPerSecond: seen.eventsPerSecond },
        { kind: `${s.type}: ingest, delivering`, round, eventsPerSecond: e2e.ingestPerSecond },
      );
      console.log(
        `round ${round} ${s.type.padEnd(13)} Aerie ${fmt(recorded)} events/s until recorded ` +
          `(${fmt(e2e.eventsPerSecond)} until received, receiver ${fmt(seen.eventsPerSecond)}, ` +
          `ingest ${fmt(e2e.ingestPerSecond)}), ` +
          `${seen.eventsPerRequest.toFixed(0)} events/request, latency p50 ${e2e.p50Ms.toFixed(0)} ms ` +
          `p99 ${e2e.p99Ms.toFixed(0)} ms, duplicates ${e2e.duplicates}, ` +
          `attempts ${JSON.stringify(gauges.attempts)}`,
      );
      if (s.type !== 'syslog') {
        await dbs?.checkpoint();
        const held = await backlog(s.ctx, s.aerie, s.saved === undefined);
        note(`${s.type} backlog`, held.eventsPerRequest);
        runs.push({
          kind: `${s.type}: Aerie, backlog`,
          round,
          eventsPerSecond: held.eventsPerSecond,
        });
        console.log(
          `round ${round} ${s.type.padEnd(13)} backlog ${fmt(held.eventsPerSecond)} events/s after ` +
            `${(held.heldMs / 1000).toFixed(1)} s held, ${held.eventsPerRequest.toFixed(0)} events/request, ` +
            `attempts ${JSON.stringify((await deliveryGauges(s.aerie.baseUrl)).attempts)}`,
        );
      }
      if (s.saved === undefined) {
        const file = join(workDir, `${s.type}.requests.ndjson`);
        const events = await s.ctx.receiver.saveBodies(file);
        if (events !== config.events) throw new Error(`${s.type}: kept ${events} events' requests`);
        s.saved = loadRequests(file);
      }
      const direct = await baseline(s);
      runs.push({ kind: `${s.type}: baseline`, round, eventsPerSecond: direct });
      console.log(`round ${round} ${s.type.padEnd(13)} baseline ${fmt(direct)} events/s`);
    }
  }

  const rows: PushRow[] = setups.map((s) => ({
    type: s.type,
    maxBatch: batchOf.get(s.type) ?? Number.NaN,
    eventsPerRequest: perRequest.get(s.type) ?? [],
    backlogPerRequest: perRequest.get(`${s.type} backlog`) ?? [],
    runs: summariseRuns(runs.filter((r) => r.kind.startsWith(`${s.type}:`))),
    ratios: perRoundRatios(runs, `${s.type}: Aerie, until all recorded`, `${s.type}: baseline`),
    backlogRatios: perRoundRatios(runs, `${s.type}: Aerie, backlog`, `${s.type}: baseline`),
  }));
  console.log(`\n${pushTable(rows)}\n\n${runsTable(summariseRuns(runs))}\n`);
  console.log(`load average at end: ${loadAverage()}`);
}

main()
  .catch((err: unknown) => {
    process.stderr.write(
      `bench:siem-push failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exitCode = 1;
  })
  .finally(() => cleanup());
