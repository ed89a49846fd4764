import { classifyHttp } from '../../http-outcome.js';
import type { HttpAnswer, Outcome } from '../../output.js';

/** Errors Slack sends with a 5xx or that mean "try again" whatever the status (NOTES.md §1a). */
const RETRYABLE_CODES = new Set(['rollup_error']);

/**
 * An incoming webhook answers `200 ok` (plain text) on success and a plain-text error code
 * otherwise (NOTES.md §1a):
 * - 200 `ok` → sent.
 * - 2xx with another body → permanent: whatever answered is not a Slack webhook (a captive portal,
 *   a wrong endpoint override), and sending again would not change that.
 * - 400 `invalid_blocks`/`invalid_payload`/`no_text`/…, 403 `action_prohibited`/`invalid_token`,
 *   404 `channel_not_found`/`no_service`, 410 `channel_is_archived` → permanent: the payload or
 *   the destination is wrong or gone.
 * - 429 → retry after `Retry-After`; 5xx and `rollup_error` → retry with backoff; 408 → retry.
 */
export function classifySlack(answer: HttpAnswer): Outcome {
  const code = errorCode(answer.body);
  if (answer.status >= 200 && answer.status < 300) {
    if (answer.body.trim() === 'ok') return { ok: true };
    return {
      ok: false,
      retryable: false,
      error: `Slack answered ${answer.status} without "ok" (${code ?? 'unexpected body'}): is the URL a Slack incoming webhook?`,
    };
  }
  const base = classifyHttp(answer);
  if (base.ok) return base;
  const retryable = base.retryable || (code !== undefined && RETRYABLE_CODES.has(code));
  return {
    ok: false,
    retryable,
    error: `Slack ${answer.status}${code ? ` ${code}` : ''}${hint(answer.status)}`,
    ...(retryable && base.retryAfterMs !== undefined ? { retryAfterMs: base.retryAfterMs } : {}),
  };
}

/** Slack's error codes are short snake_case words; anything else (an HTML page) is not echoed. */
function errorCode(body: string): string | undefined {
  const text = body.trim();
  return /^[a-z][a-z0-9_]{0,80}$/.test(text) ? text : undefined;
}

function hint(status: number): string {
  if (status === 404 || status === 410) return ' (the webhook or its channel is gone)';
  if (status === 403) return ' (the webhook may not post here)';
  if (status === 429) return ' (rate limited)';
  return '';
}
