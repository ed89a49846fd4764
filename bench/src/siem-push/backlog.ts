import { waitPending } from '../delivery/aerie.js';
import { ingest } from '../delivery/ingest.js';
import { HOLD, wallClock } from '../delivery/protocol.js';
import type { RunContext } from '../delivery/runs.js';
import { matchDeliveries, rate } from '../delivery/summary.js';
import type { Target } from '../harness/targets.js';

export interface Backlog {
  /** Events/s from the release until the last event arrived. */
  eventsPerSecond: number;
  /** Events per request Aerie sent. */
  eventsPerRequest: number;
  /** How long the receiver held the requests (the ingest's duration). */
  heldMs: number;
}

/**
 * The push alone, without the ingest in its way: the receiver holds every request unanswered
 * while N events are ingested (the outbox fills; `concurrency` requests wait), then answers them
 * and everything after at once — from that moment until every event arrived. Keep the ingest
 * under the output's timeout (10 s by default) or the held requests are retried.
 */
export async function backlog(
  ctx: RunContext,
  aerie: Target,
  keepBodies: boolean,
): Promise<Backlog> {
  await ctx.receiver.reset(keepBodies);
  await ctx.receiver.answer(HOLD);
  let run: Awaited<ReturnType<typeof ingest>>;
  try {
    run = await ingest(aerie.baseUrl, ctx.batches, ctx.ingestConnections);
  } finally {
    await ctx.receiver.answer(200);
  }
  const upAt = wallClock();
  if (!(await ctx.receiver.waitDelivered(run.acks.size, ctx.timeoutMs, 20)))
    throw new Error(`${aerie.name}: the backlog was not delivered within ${ctx.timeoutMs} ms`);
  const report = await ctx.receiver.report();
  const matched = matchDeliveries(run.acks, report.firstOk);
  if (matched.missing > 0 || report.duplicates > 0)
    throw new Error(`backlog: ${matched.missing} missing, ${report.duplicates} twice`);
  await waitPending(aerie.baseUrl, (n) => n === 0, ctx.timeoutMs);
  return {
    eventsPerSecond: rate(run.acks.size, upAt, matched.lastAt),
    eventsPerRequest: report.delivered / report.requests,
    heldMs: upAt - run.startedAt,
  };
}
