import { z } from 'zod';
import { classifyHttp } from '../../http-outcome.js';
import type { HttpAnswer, Outcome } from '../../output.js';

/** Azure's error body (Power Automate / Logic Apps triggers), e.g. `MissingApiVersionParameter`. */
const AzureErrorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string().optional() }),
});

/** How the legacy connectors reported a failed post inside a 2xx answer (NOTES.md §2). */
const CONNECTOR_ERROR = /returned HTTP error (\d{3})/;

/**
 * A Workflows trigger answers 202 (some flows 200) with an empty body once the run is queued; card
 * errors show only in the flow's run history, never here (NOTES.md §2). So:
 * - 2xx → sent, unless the body is a legacy connector's "…returned HTTP error NNN", read as NNN.
 * - 413 → permanent: the card is too big (the renderer keeps under 20 KB, so this is a limit
 *   lower than any seen).
 * - 400 (`MissingApiVersionParameter`: the URL lost its `api-version`), 401/403/404 → permanent.
 * - 429 → retry after `Retry-After`; 5xx and 408 → retry with backoff.
 */
export function classifyTeams(answer: HttpAnswer): Outcome {
  if (answer.status >= 200 && answer.status < 300) {
    const inner = CONNECTOR_ERROR.exec(answer.body)?.[1];
    if (inner === undefined) return { ok: true };
    return classifyTeams({ ...answer, status: Number(inner), body: '' });
  }
  const base = classifyHttp(answer);
  if (base.ok) return base;
  return { ...base, error: describe(answer) };
}

function describe(answer: HttpAnswer): string {
  const azure = parseAzureError(answer.body);
  const detail = azure ? `${azure.code}${azure.message ? `: ${azure.message}` : ''}` : '';
  const hint =
    answer.status === 413
      ? ' (message too large for Teams)'
      : answer.status === 404
        ? ' (the workflow or webhook is gone)'
        : answer.status === 429
          ? ' (rate limited)'
          : '';
  return redact(`Teams ${answer.status}${detail ? ` ${detail}` : ''}${hint}`).slice(0, 500);
}

function parseAzureError(body: string): z.infer<typeof AzureErrorSchema>['error'] | undefined {
  try {
    const parsed = AzureErrorSchema.safeParse(JSON.parse(body));
    return parsed.success ? parsed.data.error : undefined;
  } catch {
    return undefined;
  }
}

/** An error message that quotes the trigger URL must not carry its SAS signature into logs. */
function redact(text: string): string {
  return text.replace(/([?&]sig=)[^&\s"']+/gi, '$1[redacted]');
}
