import { join } from 'node:path';
import type { Target } from '../harness/targets.js';
import type { BenchDatabases } from '../harness/postgres.js';
import { outboxCounters, waitPending, type OutboxCounters } from './aerie.js';
import { ingest, type IngestRun } from './ingest.js';
import { wallClock } from './protocol.js';
import type { ReceiverReport } from './protocol.js';
import type { Receiver } from './receiver-client.js';
import { loadBodies, sendDirect } from './sender.js';
import { matchDeliveries, percentile, rate, type Delivered, type DrainFigure } from './summary.js';

export interface RunContext {
  receiver: Receiver;
  batches: readonly Buffer[];
  events: number;
  ingestConnections: number;
  timeoutMs: number;
  /** Where the receiver saves Aerie's request bodies for the baseline sender. */
  workDir: string;
  /** The Postgres server (none for PGlite): outbox counters per run. */
  dbs: BenchDatabases | undefined;
}

/** Counter deltas per event over `run` (undefined on PGlite). */
async function perEvent(
  ctx: RunContext,
  aerie: Target,
  run: () => Promise<number>,
): Promise<OutboxCounters | undefined> {
  const counters = () => (ctx.dbs ? outboxCounters(ctx.dbs, aerie.database) : undefined);
  const before = await counters();
  const events = await run();
  const after = await counters();
  if (!before || !after) return undefined;
  return {
    deliveryUpdates: (after.deliveryUpdates - before.deliveryUpdates) / events,
    eventFetches: (after.eventFetches - before.eventFetches) / events,
  };
}

/** Ingest only (no output): events/s from the first POST to the last 200. */
export async function ingestOnly(ctx: RunContext, aerie: Target): Promise<number> {
  const run = await ingest(aerie.baseUrl, ctx.batches, ctx.ingestConnections);
  return rate(run.acks.size, run.startedAt, run.endedAt);
}

export interface EndToEnd {
  eventsPerSecond: number;
  ingestPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  duplicates: number;
  /** From the last event received until Aerie's outbox showed no pending delivery. */
  recordedAfterMs: number;
  /** Per delivered event (Postgres only). */
  costs: OutboxCounters | undefined;
}

/**
 * Ingest N events into an Aerie whose output is the (up) receiver; from the first POST until the
 * receiver has answered 200 for every event id. Then waits for the outbox to be empty.
 */
export async function endToEnd(
  ctx: RunContext,
  aerie: Target,
  keepBodies: boolean,
): Promise<EndToEnd> {
  await ctx.receiver.reset(keepBodies);
  let run: IngestRun | undefined;
  let report: ReceiverReport | undefined;
  let matched: Delivered | undefined;
  let recordedAt = 0;
  const costs = await perEvent(ctx, aerie, async () => {
    run = await ingest(aerie.baseUrl, ctx.batches, ctx.ingestConnections);
    if (!(await ctx.receiver.waitDelivered(run.acks.size, ctx.timeoutMs)))
      throw new Error(`${aerie.name}: not every event was delivered within ${ctx.timeoutMs} ms`);
    report = await ctx.receiver.report();
    matched = matchDeliveries(run.acks, report.firstOk);
    if (matched.missing > 0)
      throw new Error(`${aerie.name}: ${matched.missing} events not received`);
    await waitPending(aerie.baseUrl, (n) => n === 0, ctx.timeoutMs);
    recordedAt = wallClock();
    return run.acks.size;
  });
  if (!run || !report || !matched) throw new Error('unreachable: the run did not complete');
  return {
    eventsPerSecond: rate(run.acks.size, run.startedAt, matched.lastAt),
    ingestPerSecond: rate(run.acks.size, run.startedAt, run.endedAt),
    p50Ms: percentile(matched.latencies, 50),
    p99Ms: percentile(matched.latencies, 99),
    duplicates: report.duplicates,
    recordedAfterMs: recordedAt - matched.lastAt,
    costs,
  };
}

/** Saves the bodies of the last end-to-end run (kept by the receiver) for the baseline. */
export async function captureBodies(ctx: RunContext): Promise<Array<[string, Buffer]>> {
  const file = join(ctx.workDir, 'bodies.ndjson');
  const saved = await ctx.receiver.saveBodies(file);
  if (saved !== ctx.events) throw new Error(`receiver kept ${saved} bodies, not ${ctx.events}`);
  return loadBodies(file);
}

/** The baseline sender to the receiver: events/s from the first request to the last answer. */
export async function baseline(
  ctx: RunContext,
  bodies: ReadonlyArray<[string, Buffer]>,
  concurrency: number,
): Promise<number> {
  await ctx.receiver.reset();
  const run = await sendDirect(ctx.receiver.url, bodies, concurrency);
  const report = await ctx.receiver.report();
  if (run.failed > 0 || report.delivered !== bodies.length || report.duplicates > 0)
    throw new Error(`baseline: ${run.failed} non-2xx, ${report.delivered} received`);
  return rate(bodies.length, run.startedAt, run.endedAt);
}

/**
 * The backlog: the receiver answers 503 while N events are ingested and until `outageMs` after
 * the first POST, then 200; measures when the first and the last event arrive after that.
 */
export async function drain(
  ctx: RunContext,
  aerie: Target,
  concurrency: number,
  outageMs: number,
  log: (line: string) => void,
): Promise<DrainFigure> {
  await ctx.receiver.reset();
  await ctx.receiver.answer(503);
  try {
    const run = await ingest(aerie.baseUrl, ctx.batches, ctx.ingestConnections);
    // Every acknowledged event is in the outbox (same transaction); Aerie's gauge confirms it.
    const gauges = await waitPending(aerie.baseUrl, (n) => n >= run.acks.size, 30_000);
    log(
      `  drain c=${concurrency}: ${run.acks.size} events ingested in ` +
        `${((run.endedAt - run.startedAt) / 1000).toFixed(1)} s, outbox pending ${gauges.pending}, ` +
        `attempts so far ${JSON.stringify(gauges.attempts)}`,
    );
    const wait = run.startedAt + outageMs - wallClock();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    await ctx.receiver.answer(200);
    const upAt = wallClock();
    const down = await ctx.receiver.count();
    const delivered = await ctx.receiver.waitDelivered(run.acks.size, ctx.timeoutMs);
    const report = await ctx.receiver.report();
    const matched = matchDeliveries(run.acks, report.firstOk);
    if (!delivered) log(`  drain c=${concurrency}: timed out with ${matched.missing} missing`);
    if (delivered) await waitPending(aerie.baseUrl, (n) => n === 0, ctx.timeoutMs);
    return {
      concurrency,
      events: run.acks.size,
      ingestPerSecond: rate(run.acks.size, run.startedAt, run.endedAt),
      refused: down.refused,
      outageMs: upAt - run.startedAt,
      firstAfterUpMs: matched.firstAt - upAt,
      totalMs: matched.lastAt - upAt,
      drainPerSecond: rate(run.acks.size - matched.missing, matched.firstAt, matched.lastAt),
      duplicates: report.duplicates,
      missing: matched.missing,
    };
  } finally {
    await ctx.receiver.answer(200);
  }
}
