import type { AerieConfig } from '../config/config.schema.js';
import type { Principal } from '../access/principal.js';
import { RateLimiter } from '../security/rate-limiter.js';
import { ApiError } from '../../shared/api-error.js';

/**
 * Requests per token (or signed-in user) to /api/v1/siem/*: a token bucket of `burst` requests
 * refilled at `perSecond`. Every answer says where the caller stands (`X-RateLimit-Limit`: the
 * bucket, `-Remaining`: requests left now, `-Reset`: seconds until the bucket is full again);
 * past it, 429 with `Retry-After`.
 */
export class SiemRateLimit {
  private readonly limiter: RateLimiter | undefined;
  private readonly burst: number;

  constructor(
    private readonly config: AerieConfig['siem']['rateLimit'],
    now?: () => number,
  ) {
    this.burst = config.burst ?? Math.max(1, Math.ceil(2 * config.perSecond));
    this.limiter =
      config.perSecond > 0
        ? new RateLimiter({ perSecond: config.perSecond, burst: this.burst }, now)
        : undefined;
  }

  /** The rate-limit headers of this request; throws 429 when the caller is over its budget. */
  take(principal: Principal): Record<string, string> {
    if (!this.limiter) return {};
    const decision = this.limiter.take(`${principal.kind}:${principal.id}`);
    const limit = String(this.burst);
    if (!decision.allowed) {
      const wait = String(decision.retryAfterSeconds);
      throw new ApiError(
        429,
        'rate_limited',
        `too many requests: at most ${this.config.perSecond} per second per token (siem.rateLimit); retry after ${wait} s`,
        undefined,
        {
          'retry-after': wait,
          'x-ratelimit-limit': limit,
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': wait,
        },
      );
    }
    const reset = Math.ceil((this.burst - decision.remaining) / this.config.perSecond);
    return {
      'x-ratelimit-limit': limit,
      'x-ratelimit-remaining': String(decision.remaining),
      'x-ratelimit-reset': String(reset),
    };
  }
}
