import { z } from 'zod';
import { classifyHttp } from '../../http-outcome.js';
import type { HttpAnswer, Outcome } from '../../output.js';

/** Azure.Core.Foundations.ErrorResponse (the swagger's `default` answer). */
const ErrorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});

/**
 * The Logs Ingestion API's answers (NOTES.md §7b; the swagger):
 * - 204: accepted.
 * - 429: retried after `Retry-After` (per-DCR limits of 2 GB/min and 12,000 requests/min).
 * - 401: permanent. The engine already dropped the refused token and, when it was a cached one,
 *   tried again at once with a fresh one: a fresh token refused means the app, scope or audience
 *   is wrong, which waiting does not fix.
 * - 403: permanent — the app lacks 'Monitoring Metrics Publisher' on the DCR (a new role
 *   assignment can take 30 minutes to apply: replay the dead letters then).
 * - 413 (over 1 MB; the renderer keeps under it), 400, 404 (unknown DCR or stream): permanent.
 * - 5xx: retried.
 * The error text carries Azure's `code` and `message`.
 */
export function classifySentinel(answer: HttpAnswer): Outcome {
  const base = classifyHttp(answer);
  if (base.ok) return base;
  const error = `Azure Monitor ${answer.status} ${describe(answer)}`.trim().slice(0, 600);
  if (answer.status === 403) {
    return {
      ok: false,
      retryable: false,
      error: `${error} (the app needs the Monitoring Metrics Publisher role on the DCR)`,
    };
  }
  return { ...base, error };
}

function describe(answer: HttpAnswer): string {
  try {
    const parsed = ErrorSchema.safeParse(JSON.parse(answer.body));
    if (parsed.success) return `${parsed.data.error.code}: ${parsed.data.error.message}`;
  } catch {
    // Not JSON: a gateway's page.
  }
  return answer.headers['x-ms-error-code'] ?? answer.body.slice(0, 300);
}
