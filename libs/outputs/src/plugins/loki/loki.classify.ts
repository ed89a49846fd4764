import { classifyHttp } from '../../http-outcome.js';
import type { HttpAnswer, Outcome } from '../../output.js';

/**
 * Loki's answers to a push (NOTES.md §7a; Loki's "Troubleshoot ingestion" guide):
 * - 204 (or a proxy's 200): stored.
 * - Another 2xx (260 by default) means `block_ingestion_until` is set for the tenant: Loki drops
 *   the push on purpose. Recorded as a permanent failure so the events are kept as dead letters
 *   and can be replayed once the block is lifted, instead of counting as delivered.
 * - 400 (line too long, timestamp too old or too new, too far behind, bad labels): permanent.
 *   Loki still stores the valid entries of the request and reports only the last invalid one, so
 *   the whole batch is recorded as failed; replaying it is harmless, as Loki drops an entry with
 *   the same stream, timestamp and line.
 * - 413 (a gateway's body limit): permanent, as Loki documents it.
 * - 429 (rate, per-stream rate, stream limits) and 5xx: retried, after `Retry-After` when a
 *   gateway sends one (Loki itself does not).
 * - 401/403/404 (credentials, tenant, path): permanent.
 */
export function classifyLoki(answer: HttpAnswer): Outcome {
  if (answer.status === 200 || answer.status === 204) return { ok: true };
  if (answer.status > 200 && answer.status < 300) {
    return {
      ok: false,
      retryable: false,
      error: `Loki ${answer.status}: ingestion is blocked for this tenant (block_ingestion_until); replay once it is lifted`,
    };
  }
  const base = classifyHttp(answer);
  if (base.ok) return base;
  // Loki answers errors as plain text, one line.
  const reason = answer.body.trim().split('\n')[0]?.slice(0, 500);
  return { ...base, error: `Loki ${answer.status}${reason ? `: ${reason}` : ''}` };
}
