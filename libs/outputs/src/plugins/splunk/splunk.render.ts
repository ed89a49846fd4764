import type { DeliverableEvent, HttpMessage, RenderContext } from '../../output.js';
import { mergeHeaders } from '../webhook/http-headers.js';
import { channelOf, eventUrl, type SplunkConfig } from './splunk.config.js';
import { epochSecondsText } from './splunk.time.js';

/**
 * One HEC request for a batch: the events' envelopes concatenated, one per line (HEC reads a
 * stream of JSON objects, not an array). Each envelope is written as text around the exact JSON
 * of the event, so Falco's ns `evt.time` (beyond 2^53) and the sub-second `time` keep every digit.
 */
export function renderHec(
  events: readonly DeliverableEvent[],
  config: SplunkConfig,
  _ctx: RenderContext,
): HttpMessage {
  if (events.length === 0) throw new Error('splunk renders at least one event per request');
  const own: Record<string, string> = {
    authorization: `Splunk ${config.token}`,
    'content-type': 'application/json',
  };
  if (config.ack) own['x-splunk-request-channel'] = channelOf(config);
  return {
    method: 'POST',
    url: eventUrl(config),
    headers: mergeHeaders(config.headers, own),
    body: events.map((e) => envelope(e, config)).join('\n'),
    ...(config.gzip ? { gzip: true } : {}),
  };
}

/** `{"time":…,"host":…,"source":…,"sourcetype":…,"index":…,"event":…}` for one event. */
export function envelope(e: DeliverableEvent, config: SplunkConfig): string {
  const time = epochSecondsText(e.event.time) ?? epochSecondsText(e.event.received_at);
  const host = config.host ?? e.event.hostname ?? undefined;
  const meta = JSON.stringify({
    host,
    source: config.source,
    sourcetype: config.sourcetype,
    index: config.index,
  });
  const event = config.payload === 'falco' ? e.rawJson : e.eventJson;
  return `{${time === undefined ? '' : `"time":${time},`}${meta.slice(1, -1)},"event":${event}}`;
}
