import { z } from 'zod';
import { classifyHttp, retryAfterMs } from '../../http-outcome.js';
import type { BatchOutcome, HttpAnswer, Outcome } from '../../output.js';

/** HEC's answer (NOTES.md §4): `{"text","code"}`, plus where a batch stopped, plus an ack id. */
const AnswerSchema = z.object({
  text: z.string().optional(),
  code: z.number().int(),
  'invalid-event-number': z.number().int().nonnegative().optional(),
  ackId: z.number().int().nonnegative().optional(),
});
export type HecAnswer = z.infer<typeof AnswerSchema>;

/**
 * What a HEC error code says about the events it concerns:
 * - `event`: that one event is wrong (bad JSON, no `event`, blank `event`) — never accepted;
 *   the events after it were not read and may be sent again;
 * - `config`: the token, index or channel settings are wrong — every event would be refused;
 * - `server`: HEC is busy or broken — all of them may be sent again.
 */
type Fault = 'event' | 'config' | 'server';

const FAULTS: Readonly<Record<number, Fault>> = {
  1: 'config', // Token disabled
  2: 'config', // Token is required
  3: 'config', // Invalid authorization
  4: 'config', // Invalid token
  5: 'event', // No data
  6: 'event', // Invalid data format
  7: 'config', // Incorrect index
  8: 'server', // Internal server error
  9: 'server', // Server is busy
  10: 'config', // Data channel is missing
  11: 'config', // Invalid data channel
  12: 'event', // Event field is required
  13: 'event', // Event field cannot be blank
  14: 'config', // ACK is disabled
  16: 'config', // Query string authorization is not enabled
};

/** What to do about a code, in words for the delivery log (never the token or the events). */
const HINTS: Readonly<Record<number, string>> = {
  1: 'enable the token in Splunk',
  2: 'set the token',
  3: 'check the token',
  4: 'check the token',
  7: "set an index the token allows, or none for the token's default",
  10: 'the token has indexer acknowledgement on: set ack: true',
  11: 'set channel to a GUID',
  14: 'the token has indexer acknowledgement off: set ack: false',
};

/**
 * Reads a HEC answer to a request of `count` events. Code 0 (and 17, "healthy") is success.
 * An error with `invalid-event-number: N` (0-based) answers event by event: the events before N
 * are indexed already (retrying them would duplicate them), N gets the code's outcome, and the
 * events after N were never read: retried, unless the fault is the configuration's (they would be
 * refused the same way). Server faults (8, 9, ≥ 18: busy, queues full) and 429 are retried,
 * honouring `Retry-After`. Bodies that are not HEC's (a proxy) get the shared HTTP reading.
 */
export function classifyHec(answer: HttpAnswer, count = 1): BatchOutcome {
  const parsed = parse(answer.body);
  if (parsed === undefined || parsed.code === 0 || parsed.code === 17) {
    return answer.status >= 200 && answer.status < 300 ? { ok: true } : withReason(answer);
  }
  const fault = faultOf(parsed.code, answer.status);
  const failure = failureOf(answer, parsed, fault);
  const at = parsed['invalid-event-number'];
  if (at === undefined || count <= 1 || at >= count) return failure;
  const rest: Outcome =
    fault === 'config' ? failure : { ...failure, retryable: true, error: notRead(failure.error) };
  return {
    perEvent: Array.from({ length: count }, (_, i): Outcome => {
      if (i < at) return { ok: true };
      return i === at ? failure : rest;
    }),
  };
}

function faultOf(code: number, status: number): Fault {
  const known = FAULTS[code];
  if (known) return known;
  // 18 and up, "HEC is unhealthy" (queues full, ack service unavailable), come with a 503;
  // HEC's 404 body says code 404. Codes HEC may add later are read by their status.
  return status >= 500 ? 'server' : 'config';
}

function failureOf(
  answer: HttpAnswer,
  hec: HecAnswer,
  fault: Fault,
): Extract<Outcome, { ok: false }> {
  const retryable = fault === 'server' || answer.status === 429;
  const at = hec['invalid-event-number'];
  const hint = HINTS[hec.code];
  const error = [
    `Splunk HEC ${answer.status} code ${hec.code}${hec.text ? ` ${hec.text}` : ''}`,
    at === undefined ? '' : ` (event ${at} of the request)`,
    hint ? `: ${hint}` : '',
  ].join('');
  const wait = retryAfterMs(answer);
  return {
    ok: false,
    retryable,
    error: error.slice(0, 600),
    ...(retryable && wait !== undefined ? { retryAfterMs: wait } : {}),
  };
}

/** Non-HEC bodies: the shared reading, with the service named. */
function withReason(answer: HttpAnswer): Outcome {
  const base = classifyHttp(answer);
  return base.ok ? base : { ...base, error: `Splunk HEC ${base.error}` };
}

function notRead(error: string): string {
  return `not read by HEC after an earlier event failed (${error})`;
}

function parse(body: string): HecAnswer | undefined {
  try {
    const result = AnswerSchema.safeParse(JSON.parse(body));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}

/** The ack id of a successful request to a token with indexer acknowledgement. */
export function ackIdOf(answer: HttpAnswer): number | undefined {
  if (answer.status < 200 || answer.status >= 300) return undefined;
  const parsed = parse(answer.body);
  return parsed?.code === 0 ? parsed.ackId : undefined;
}
