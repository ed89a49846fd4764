import type { EventDelivery } from '@aerie/contracts';

/** How a test delivery to one output is going, from the test event's deliveries. */
export type TestOutcome =
  | { phase: 'waiting' }
  | { phase: 'retrying'; attempts: number; error: string }
  | { phase: 'delivered'; httpStatus: number | null; durationMs: number | null }
  | { phase: 'dead'; attempts: number; error: string };

export function testOutcome(deliveries: readonly EventDelivery[], output: string): TestOutcome {
  const d = deliveries.find((x) => x.output === output);
  if (!d) return { phase: 'waiting' };
  const last = d.attempts_log[d.attempts_log.length - 1];
  const error = d.last_error ?? last?.error ?? 'no answer';
  if (d.status === 'delivered') {
    return {
      phase: 'delivered',
      httpStatus: last?.http_status ?? d.last_status,
      durationMs: last ? Math.round(last.duration_ms) : null,
    };
  }
  if (d.status === 'dead') return { phase: 'dead', attempts: d.attempts, error };
  // Accepted, waiting for the destination's acknowledgement (Splunk HEC `ack`).
  if (d.status === 'acking') return { phase: 'waiting' };
  return d.attempts > 0 ? { phase: 'retrying', attempts: d.attempts, error } : { phase: 'waiting' };
}

/** The sentence the card shows. */
export function describeTest(outcome: TestOutcome, output: string): string {
  switch (outcome.phase) {
    case 'waiting':
      return `Test event sent; waiting for the delivery to ${output}…`;
    case 'retrying':
      return `Attempt ${outcome.attempts} failed; retrying: ${outcome.error}`;
    case 'delivered': {
      const how = [
        outcome.httpStatus !== null ? `HTTP ${outcome.httpStatus}` : undefined,
        outcome.durationMs !== null ? `${outcome.durationMs} ms` : undefined,
      ].filter(Boolean);
      return `Test delivered to ${output}${how.length > 0 ? ` (${how.join(', ')})` : ''}.`;
    }
    case 'dead':
      return `Test delivery failed for good after ${outcome.attempts} ${
        outcome.attempts === 1 ? 'attempt' : 'attempts'
      }: ${outcome.error}`;
  }
}
