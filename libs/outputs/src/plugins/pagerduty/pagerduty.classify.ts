import { z } from 'zod';
import { classifyHttp } from '../../http-outcome.js';
import type { HttpAnswer, Outcome } from '../../output.js';

/** PagerDuty's answer body (202 and 400 alike); anything else is read as plain text. */
const AnswerSchema = z.object({
  status: z.string(),
  message: z.string().optional(),
  errors: z.array(z.string()).optional(),
});

/**
 * 2xx (PagerDuty answers 202 `{"status":"success"}`): queued. 400 `invalid event`: permanent —
 * the same event would be refused again. 429: retried with the engine's backoff (PagerDuty sends
 * no `Retry-After`; one is honoured if a proxy adds it). 5xx: retried. Other statuses: the shared
 * reading (401/403/404/413 permanent; 408 retried).
 */
export function classifyPagerDuty(answer: HttpAnswer): Outcome {
  if (answer.status >= 200 && answer.status < 300) return { ok: true };
  const parsed = parseBody(answer.body);
  const base = classifyHttp(answer);
  if (base.ok || parsed === undefined) return base;
  const detail = [parsed.message, ...(parsed.errors ?? [])].filter(Boolean).join('; ');
  return {
    ...base,
    error: `PagerDuty ${answer.status} ${parsed.status}${detail ? `: ${detail}` : ''}`.slice(
      0,
      600,
    ),
  };
}

function parseBody(body: string): z.infer<typeof AnswerSchema> | undefined {
  try {
    const result = AnswerSchema.safeParse(JSON.parse(body));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}
