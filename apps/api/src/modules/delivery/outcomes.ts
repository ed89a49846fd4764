import type { BatchOutcome, Outcome } from '@aerie/outputs';

export type Failure = Extract<Outcome, { ok: false }>;

/** What one attempt came to: an outcome for each delivery of the chunk, in order. */
export interface AttemptResult {
  outcomes: Outcome[];
  /** The destination's last HTTP status, for the delivery log (none for sockets). */
  status: number | null;
  /** The destination will acknowledge storage of the accepted events later (see `IndexerAck`). */
  ackId?: number;
}

/**
 * One outcome per event of a request that carried `count` events. A plugin whose per-event answer
 * does not match the request is wrong about the answer, so nothing is known to have arrived: the
 * whole request is retried (and dies at the attempt limit if it never matches).
 */
export function perEvent(batch: BatchOutcome, count: number): Outcome[] {
  if (!('perEvent' in batch)) return Array.from({ length: count }, () => batch);
  if (batch.perEvent.length === count) return [...batch.perEvent];
  const error =
    `the output plugin read ${batch.perEvent.length} per-event outcomes from the answer to a ` +
    `request of ${count} events; retrying the whole request`;
  return Array.from({ length: count }, () => ({ ok: false, retryable: true, error }));
}

/** Several outcomes for one event (one per target): ok when all are; else retryable if any is. */
export function combine(outcomes: readonly Outcome[]): Outcome {
  const failures = outcomes.filter((o): o is Failure => !o.ok);
  if (failures.length === 0) return { ok: true };
  const waits = failures.flatMap((f) => (f.retryAfterMs === undefined ? [] : [f.retryAfterMs]));
  return {
    ok: false,
    retryable: failures.some((f) => f.retryable),
    error: [...new Set(failures.map((f) => f.error))].join('; '),
    ...(waits.length > 0 ? { retryAfterMs: Math.max(...waits) } : {}),
  };
}

/**
 * What an attempt says about the destination's health (the circuit breaker): it answers when any
 * event got through; else its failures combined.
 */
export function health(outcomes: readonly Outcome[]): Outcome {
  return outcomes.some((o) => o.ok) ? { ok: true } : combine(outcomes);
}

/** The same failure for every delivery of a chunk (a network error, a token refused). */
export function failAll(count: number, failure: Failure): Outcome[] {
  return Array.from({ length: count }, () => failure);
}
