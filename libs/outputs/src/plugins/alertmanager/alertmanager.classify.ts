import { classifyHttp } from '../../http-outcome.js';
import type { HttpAnswer, Outcome } from '../../output.js';

/**
 * Alertmanager answers 200 with an empty body. 400 (bad label set, end before start, not an
 * array), 415 and 422 (schema) are permanent: the same alerts would be refused again. 5xx is
 * retried (a restarting host); 429 and 408 too (a proxy in front). Observed on 0.25.0 (NOTES §7c).
 */
export function classifyAlertmanager(answer: HttpAnswer): Outcome {
  const outcome = classifyHttp(answer);
  if (outcome.ok) return outcome;
  return { ...outcome, error: `Alertmanager ${outcome.error}` };
}
