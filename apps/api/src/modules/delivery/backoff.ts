/** First retry after about this long; doubling each attempt up to MAX. */
const BASE_MS = 1_000;
const MAX_MS = 15 * 60_000;

/**
 * Exponential backoff with full jitter (attempt 1 → up to 1 s, 2 → 2 s, … capped at 15 min):
 * retries of many deliveries to a destination that comes back do not arrive in one wave.
 * A destination's `Retry-After` wins when it asks for longer.
 */
export function retryDelayMs(attempt: number, retryAfterMs?: number, random = Math.random): number {
  const ceiling = Math.min(MAX_MS, BASE_MS * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.max(250, Math.round(ceiling * random()));
  return retryAfterMs !== undefined ? Math.max(retryAfterMs, jittered / 4) : jittered;
}
