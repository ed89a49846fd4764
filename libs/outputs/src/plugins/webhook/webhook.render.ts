import type { DeliverableEvent, HttpMessage, RenderContext } from '../../output.js';
import type { WebhookConfig } from './webhook.config.js';
import { mergeHeaders } from './http-headers.js';
import { signatureHeaders } from './webhook.signature.js';

/**
 * One event per request, its JSON text forwarded byte for byte (never re-serialized: Falco's ns
 * `evt.time` does not survive a double). The event id is the `webhook-id`, stable across
 * retries, so receivers can drop duplicates.
 */
export function renderWebhook(
  events: readonly DeliverableEvent[],
  config: WebhookConfig,
  ctx: RenderContext,
): HttpMessage {
  const [first] = events;
  if (first === undefined || events.length !== 1) {
    throw new Error(`webhook renders exactly one event per request (got ${events.length})`);
  }
  const body = config.payload === 'falco' ? first.rawJson : first.eventJson;
  const own: Record<string, string> = { 'content-type': 'application/json' };
  const signed = config.secret
    ? signatureHeaders(config.secret, first.event.id, Math.floor(ctx.now.getTime() / 1000), body)
    : { 'webhook-id': first.event.id };
  return {
    method: config.method,
    url: config.url,
    headers: mergeHeaders(config.headers, { ...own, ...signed }),
    body,
  };
}
