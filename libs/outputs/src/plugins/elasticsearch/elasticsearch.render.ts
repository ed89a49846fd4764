import type { DeliverableEvent, HttpMessage, RenderContext } from '../../output.js';
import { mergeHeaders } from '../webhook/http-headers.js';
import { documentText, eventDate } from './ecs-document.js';
import { authorization, bulkUrl, type ElasticsearchConfig } from './elasticsearch.config.js';
import { formatIndex } from './index-name.js';

/**
 * One `_bulk` request for a batch: per event a `create` action with `_id` = the event id, then
 * its document. `create` (never `index`) makes a retry harmless: a document already there
 * answers 409, which classify counts as delivered; data streams take only `create` anyway.
 */
export function renderBulk(
  events: readonly DeliverableEvent[],
  config: ElasticsearchConfig,
  ctx: RenderContext,
): HttpMessage {
  const [first] = events;
  if (first === undefined) throw new Error('elasticsearch renders at least one event');
  const lines: string[] = [];
  for (const d of events) {
    const e = d.event;
    // A data stream's name has no date tokens (the schema sees to it): it comes out as is.
    const index = formatIndex(config.index, eventDate(e));
    lines.push(JSON.stringify({ create: { _index: index, _id: e.id } }));
    lines.push(documentText(d, eventUrl(ctx.eventUrl, first.event.id, e.id, events.length)));
  }
  return {
    method: 'POST',
    url: bulkUrl(config),
    headers: mergeHeaders(config.headers, {
      'content-type': 'application/x-ndjson',
      ...authorization(config),
    }),
    // Every line, the last one too, ends with \n: `_bulk` refuses a body without it.
    body: `${lines.join('\n')}\n`,
    ...(config.gzip ? { gzip: true } : {}),
  };
}

/**
 * The event's link in Aerie's dashboard. The context carries the first event's link; the others
 * follow its shape. Only absolute links are kept (a SIEM cannot follow a relative one).
 */
function eventUrl(url: string, firstId: string, id: string, count: number): string | undefined {
  if (!/^https?:\/\/[^/]/.test(url)) return undefined;
  if (url.endsWith(firstId)) return `${url.slice(0, -firstId.length)}${id}`;
  return count === 1 ? url : undefined;
}
