import { parseArgs } from 'node:util';
import { cleanup } from './harness/cleanup.js';
import { loadAverage } from './harness/machine.js';
import { intOption } from './harness/options.js';
import type { Target } from './harness/targets.js';
import { startInstance } from './delivery/aerie.js';
import { ndjsonBatches } from './delivery/ingest.js';
import { DELIVERY_OPTIONS, deliveryOptions, startDeliveryBench } from './delivery/options.js';
import { Receiver } from './delivery/receiver-client.js';
import { baseline, captureBodies, drain, endToEnd, ingestOnly } from './delivery/runs.js';
import type { RunContext } from './delivery/runs.js';
import {
  drainTable,
  perRoundRatios,
  ratiosTable,
  runsTable,
  summariseRuns,
  type DrainFigure,
  type RunFigure,
} from './delivery/summary.js';

/**
 * Delivery benchmark: events/s from ingest to a local fast receiver (a webhook output), against
 * a baseline sender posting the same requests straight to the same receiver, and the backlog
 * drain after an outage of the receiver. Ingest without any output is measured too, to show what
 * the outbox costs the ingest. Rounds are interleaved; ratios are per round.
 *
 *   npm run bench:delivery -- [--events 4000] [--rounds 3] [--concurrency 4,16]
 *                             [--drain-concurrency 4,16] [--outage 20] [--batch 100]
 *                             [--ingest-connections 4] [--poll-ms 50] [--timeout 600]
 *                             [--backend postgres|pglite]
 *                             [--database-url postgres://postgres@127.0.0.1:5432/postgres]
 */
const { values: opts } = parseArgs({
  options: {
    ...DELIVERY_OPTIONS,
    events: { type: 'string', default: '4000' },
    rounds: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '4,16' },
    'drain-concurrency': { type: 'string', default: '4,16' },
    outage: { type: 'string', default: '20' },
  },
});

const int = (name: keyof typeof opts, min: number, max: number): number =>
  intOption(opts, name, min, max);
const list = (name: keyof typeof opts): number[] =>
  String(opts[name])
    .split(',')
    .filter((s) => s.trim() !== '')
    .map((s) => {
      const n = Number(s);
      if (!Number.isInteger(n) || n < 1 || n > 100) throw new Error(`--${name}: 1 … 100 each`);
      return n;
    });
const config = {
  events: int('events', 100, 1_000_000),
  rounds: int('rounds', 1, 20),
  concurrency: list('concurrency'),
  drainConcurrency: list('drain-concurrency'),
  outageS: int('outage', 1, 600),
  ...deliveryOptions(opts),
};
const fmt = (x: number): string => Math.round(x).toString().padStart(6);

async function main(): Promise<void> {
  const { repoRoot, workDir, dbs } = await startDeliveryBench('delivery', config);

  const receiver = await Receiver.start();
  const start = (label: string, concurrency?: number): Promise<Target> =>
    startInstance({
      repoRoot,
      dbs,
      label,
      pollMs: config.pollMs,
      ...(concurrency
        ? { output: { type: 'webhook', config: { url: receiver.url }, concurrency } }
        : {}),
    });
  const plain = await start('plain');
  const withOutput = new Map<number, Target>();
  for (const c of new Set([...config.concurrency, ...config.drainConcurrency]))
    withOutput.set(c, await start(`c${c}`, c));
  console.log(
    `receiver ${receiver.url}; Aerie without output and with concurrency ${[...withOutput.keys()].join(', ')} up`,
  );

  const ctx: RunContext = {
    receiver,
    batches: ndjsonBatches(config.events, config.batch, 'bench-delivery'),
    events: config.events,
    ingestConnections: config.ingestConnections,
    timeoutMs: config.timeoutS * 1000,
    workDir,
    dbs,
  };
  const checkpoint = async () => {
    await dbs?.checkpoint();
  };

  // Warm-up: a tenth of the events through every server (JIT, connections, pools).
  const warm: RunContext = {
    ...ctx,
    batches: ctx.batches.slice(0, Math.ceil(ctx.batches.length / 10)),
  };
  warm.events = warm.batches.length * config.batch;
  await ingestOnly(warm, plain);
  for (const aerie of withOutput.values()) await endToEnd(warm, aerie, false);

  const runs: RunFigure[] = [];
  let bodies: Array<[string, Buffer]> | undefined;
  for (let round = 1; round <= config.rounds; round++) {
    await checkpoint();
    const only = await ingestOnly(ctx, plain);
    runs.push({ kind: 'ingest, no output', round, eventsPerSecond: only });
    console.log(`round ${round} ingest only       ${fmt(only)} events/s`);
    for (const c of config.concurrency) {
      await checkpoint();
      const e2e = await endToEnd(ctx, withOutput.get(c)!, bodies === undefined);
      bodies ??= await captureBodies(ctx);
      runs.push({
        kind: `Aerie end to end c=${c}`,
        round,
        eventsPerSecond: e2e.eventsPerSecond,
        p50Ms: e2e.p50Ms,
        p99Ms: e2e.p99Ms,
      });
      runs.push({ kind: `ingest, output c=${c}`, round, eventsPerSecond: e2e.ingestPerSecond });
      console.log(
        `round ${round} Aerie c=${String(c).padEnd(3)}      ${fmt(e2e.eventsPerSecond)} events/s end to end ` +
          `(ingest ${fmt(e2e.ingestPerSecond)}/s), latency p50 ${e2e.p50Ms.toFixed(0)} ms ` +
          `p99 ${e2e.p99Ms.toFixed(0)} ms, duplicates ${e2e.duplicates}, outbox empty ` +
          `${(e2e.recordedAfterMs / 1000).toFixed(1)} s after the last receipt` +
          (e2e.costs
            ? `; per event: ${e2e.costs.deliveryUpdates.toFixed(0)} deliveries rows updated, ` +
              `${e2e.costs.eventFetches.toFixed(0)} events rows fetched`
            : ''),
      );
      const direct = await baseline(ctx, bodies, c);
      runs.push({ kind: `baseline sender c=${c}`, round, eventsPerSecond: direct });
      console.log(`round ${round} baseline c=${String(c).padEnd(3)}   ${fmt(direct)} events/s`);
    }
  }

  const drains: DrainFigure[] = [];
  for (const c of config.drainConcurrency) {
    await checkpoint();
    const d = await drain(ctx, withOutput.get(c)!, c, config.outageS * 1000, (l) => console.log(l));
    drains.push(d);
    console.log(
      `drain c=${c}: first event ${(d.firstAfterUpMs / 1000).toFixed(1)} s after recovery, all ` +
        `${(d.totalMs / 1000).toFixed(1)} s after, ${fmt(d.drainPerSecond)} events/s; ` +
        `503 answers ${d.refused}, duplicates ${d.duplicates}, missing ${d.missing}`,
    );
  }

  const ratios: Array<[string, number[]]> = [
    ...config.concurrency.map((c): [string, number[]] => [
      `Aerie end to end ÷ baseline sender, c=${c}`,
      perRoundRatios(runs, `Aerie end to end c=${c}`, `baseline sender c=${c}`),
    ]),
    ...config.concurrency.map((c): [string, number[]] => [
      `ingest with output (c=${c}, delivering) ÷ ingest without`,
      perRoundRatios(runs, `ingest, output c=${c}`, 'ingest, no output'),
    ]),
  ];
  console.log(`\n${runsTable(summariseRuns(runs))}\n\n${ratiosTable(ratios)}\n`);
  if (drains.length > 0) console.log(`${drainTable(drains)}\n`);
  console.log(`load average at end: ${loadAverage()}`);
  if (drains.some((d) => d.missing > 0 || d.duplicates > 0)) process.exitCode = 1;
}

main()
  .catch((err: unknown) => {
    process.stderr.write(
      `bench:delivery failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exitCode = 1;
  })
  .finally(() => cleanup());
