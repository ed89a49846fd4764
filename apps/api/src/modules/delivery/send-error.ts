import type { Failure } from './outcomes.js';

/** Thrown by senders for failures worth retrying that carry no system error code. */
export class RetryableSendError extends Error {}

/**
 * What a thrown error means for an attempt: network errors (a system error code: refused, reset,
 * timed out) and the senders' own retryable errors are retried; anything else (rendering) is
 * permanent — the same input renders the same.
 */
export function failureOf(err: unknown): Failure {
  const text = err instanceof Error ? err.message : String(err);
  const retryable =
    err instanceof RetryableSendError ||
    (err instanceof Error && 'code' in err) ||
    /no answer within/.test(text);
  return { ok: false, retryable, error: text };
}
