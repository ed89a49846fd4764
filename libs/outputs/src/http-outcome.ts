import type { HttpAnswer, Outcome } from './output.js';

/** Longest wait a `Retry-After` may ask for before it is capped (a destination cannot park us). */
const MAX_RETRY_AFTER_MS = 3_600_000;

/** `Retry-After` in seconds or as an HTTP date, in ms from `now`; undefined when absent or bad. */
export function retryAfterMs(answer: HttpAnswer, now = Date.now()): number | undefined {
  const value = answer.headers['retry-after'];
  if (value === undefined) return undefined;
  const ms = /^\d+$/.test(value.trim()) ? Number(value) * 1000 : Date.parse(value) - now;
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS) : undefined;
}

/**
 * The usual reading of an HTTP answer: 2xx succeeded; 408, 425, 429 and 5xx are worth retrying
 * (honouring `Retry-After`); any other status is permanent (the request itself is wrong). Plugins
 * whose destination says more (Slack's `ok` body, PagerDuty's JSON) refine it.
 */
export function classifyHttp(answer: HttpAnswer): Outcome {
  if (answer.status >= 200 && answer.status < 300) return { ok: true };
  const retryable =
    answer.status === 408 || answer.status === 425 || answer.status === 429 || answer.status >= 500;
  const wait = retryAfterMs(answer);
  return {
    ok: false,
    retryable,
    error: `HTTP ${answer.status}${answer.body ? `: ${answer.body.slice(0, 500)}` : ''}`,
    ...(retryable && wait !== undefined ? { retryAfterMs: wait } : {}),
  };
}
