/** Decision for one request: allowed (with the whole requests left now), or refused with how long to wait. */
export type RateDecision =
  { allowed: true; remaining: number } | { allowed: false; retryAfterSeconds: number };

export interface RateLimitOptions {
  /** Sustained requests per second per key. */
  perSecond: number;
  /** Requests a key may send at once after being idle. */
  burst: number;
  /** Keys remembered at most; the least recently seen are forgotten first (bounded memory). */
  maxKeys?: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** Token buckets per key (a verified token or a client address). Pure: time comes from `now`. */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly maxKeys: number;

  constructor(
    private readonly options: RateLimitOptions,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.maxKeys = options.maxKeys ?? 100_000;
  }

  take(key: string): RateDecision {
    const t = this.now();
    const previous = this.buckets.get(key);
    const { perSecond, burst } = this.options;
    const tokens = previous
      ? Math.min(burst, previous.tokens + ((t - previous.at) / 1000) * perSecond)
      : burst;
    // Re-insert so Map order is least recently seen first.
    this.buckets.delete(key);
    if (tokens < 1) {
      this.buckets.set(key, { tokens, at: t });
      return {
        allowed: false,
        retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / perSecond)),
      };
    }
    this.buckets.set(key, { tokens: tokens - 1, at: t });
    if (this.buckets.size > this.maxKeys) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
    return { allowed: true, remaining: Math.floor(tokens - 1) };
  }
}
