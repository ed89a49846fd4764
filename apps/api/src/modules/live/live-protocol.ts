import {
  LiveClientMessageSchema,
  issuesFromZod,
  parseEventFilter,
  type EventFilter,
  type Issue,
  type LiveServerMessage,
} from '@aerie/contracts';
import { ApiError } from '../../shared/api-error.js';

/** What a client asked for, or the `error` message that answers a bad frame. */
export type ClientRequest =
  | { type: 'ping' }
  | { type: 'subscribe'; filter: EventFilter | null }
  | { type: 'invalid'; reply: Extract<LiveServerMessage, { type: 'error' }> };

/**
 * One frame from a client, checked like a request body: JSON, LiveClientMessageSchema, and a
 * subscription's filter as `GET /api/v1/events` reads its query (relative times resolved now).
 */
export function parseClientMessage(
  data: Buffer | string,
  isBinary: boolean,
  now = Date.now(),
): ClientRequest {
  if (isBinary) return invalid([{ field: '(message)', message: 'must be a JSON text frame' }]);
  let value: unknown;
  try {
    value = JSON.parse(data.toString());
  } catch {
    return invalid([{ field: '(message)', message: 'is not JSON' }]);
  }
  const parsed = LiveClientMessageSchema.safeParse(value);
  if (!parsed.success) return invalid(issuesFromZod(parsed.error));
  const message = parsed.data;
  if (message.type === 'ping') return message;
  if (message.events === null) return { type: 'subscribe', filter: null };
  const issues: Issue[] = [];
  const filter = parseEventFilter(message.events, issues, now);
  if (issues.length > 0) {
    // The same field names as `GET /api/v1/events` reports, inside this message's `events`.
    return invalid(issues.map((i) => ({ field: `events.${i.field}`, message: i.message })));
  }
  return { type: 'subscribe', filter };
}

function invalid(issues: Issue[]): ClientRequest {
  return {
    type: 'invalid',
    reply: { type: 'error', ...ApiError.invalid('invalid_message', issues).body },
  };
}
