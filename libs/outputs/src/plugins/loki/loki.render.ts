import type { StoredEventDetail } from '@aerie/contracts';
import type { DeliverableEvent, HttpMessage, RenderContext } from '../../output.js';
import { mergeHeaders } from '../webhook/http-headers.js';
import { fairShares, shrinkJsonObject, truncateBytes, utf8Bytes } from './byte-budget.js';
import { eventTimeNs } from './event-time.js';
import {
  lokiPushUrl,
  MAX_LABEL_VALUE_BYTES,
  type EventLabel,
  type LokiConfig,
} from './loki.config.js';

/**
 * Lines of one request together at most this: below the 4 MB request body that Loki's Helm
 * gateway (nginx `client_max_body_size`) accepts by default, which would answer 413.
 */
export const REQUEST_LINES_BUDGET = 3_000_000;

type Entry = [string, string] | [string, string, Record<string, string>];

/**
 * One push request for a batch (JSON form of the push API): events with the same labels share a
 * stream, each stream's entries in time order, timestamps Falco's exact ns as decimal strings.
 */
export function renderLoki(
  events: readonly DeliverableEvent[],
  config: LokiConfig,
  ctx: RenderContext,
): HttpMessage {
  if (events.length === 0) throw new Error('loki renders at least one event');
  const lines = fitLines(events, config);
  const streams = new Map<string, { stream: Record<string, string>; entries: [bigint, Entry][] }>();
  events.forEach(({ event }, i) => {
    const labels = streamLabels(event, config);
    const key = JSON.stringify(labels);
    const ns = eventTimeNs(event, ctx.now);
    const line = lines[i] ?? '';
    const entry: Entry = config.structuredMetadata
      ? [ns.toString(), line, metadata(event, config)]
      : [ns.toString(), line];
    const stream = streams.get(key) ?? { stream: labels, entries: [] };
    stream.entries.push([ns, entry]);
    streams.set(key, stream);
  });
  const body = {
    streams: [...streams.values()].map(({ stream, entries }) => ({
      stream,
      // Stable: events of the same ns keep the engine's order.
      values: entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, e]) => e),
    })),
  };
  return {
    method: 'POST',
    url: lokiPushUrl(config),
    headers: mergeHeaders(config.headers, ownHeaders(config)),
    body: JSON.stringify(body),
    ...(config.gzip ? { gzip: true } : {}),
  };
}

function ownHeaders(config: LokiConfig): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (config.tenant !== undefined) headers['x-scope-orgid'] = config.tenant;
  if (config.bearerToken !== undefined) {
    headers['authorization'] = `Bearer ${config.bearerToken}`;
  } else if (config.username !== undefined) {
    const credentials = `${config.username}:${config.password ?? ''}`;
    headers['authorization'] = `Basic ${Buffer.from(credentials).toString('base64')}`;
  }
  return headers;
}

function labelValue(event: StoredEventDetail, label: EventLabel): string | null {
  return event[label];
}

/** Static labels and the chosen event attributes that have a value, sorted by name. */
export function streamLabels(event: StoredEventDetail, config: LokiConfig): Record<string, string> {
  const labels: Record<string, string> = { ...config.staticLabels };
  for (const name of config.labels) {
    const value = labelValue(event, name);
    // Loki treats an empty value as no label.
    if (value) labels[name] = truncateBytes(value, MAX_LABEL_VALUE_BYTES);
  }
  return Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Per-event values, queryable without being labels (flat string → string, as Loki wants). */
function metadata(event: StoredEventDetail, config: LokiConfig): Record<string, string> {
  const candidates: [string, string | null][] = [
    ['event_id', event.id],
    ['hostname', event.hostname],
    ['namespace', event.namespace],
    ['pod', event.pod],
    ['workload', event.workload],
    ['rule', event.rule],
  ];
  const labels = new Set<string>(config.labels);
  return Object.fromEntries(
    candidates.filter((c): c is [string, string] => c[1] !== null && !labels.has(c[0])),
  );
}

function rawLine({ event, eventJson, rawJson }: DeliverableEvent, config: LokiConfig): string {
  switch (config.line) {
    case 'event':
      return eventJson;
    case 'falco':
      return rawJson;
    case 'output':
      return event.output ?? `${event.priority} ${event.rule}`;
  }
}

/**
 * Lines within `maxLineBytes` each and the request budget together; a line over its share is
 * shortened (JSON lines stay valid JSON, marked `"aerie_truncated": true`). The full event stays
 * in Aerie.
 */
function fitLines(events: readonly DeliverableEvent[], config: LokiConfig): string[] {
  const lines = events.map((e) => rawLine(e, config));
  const sizes = lines.map((l) => Math.min(utf8Bytes(l), config.maxLineBytes));
  const caps = fairShares(sizes, REQUEST_LINES_BUDGET);
  return lines.map((line, i) => {
    const cap = caps[i] ?? config.maxLineBytes;
    if (utf8Bytes(line) <= cap) return line;
    if (config.line === 'output') return truncateBytes(line, cap);
    const id = events[i]?.event.id;
    return (
      shrinkJsonObject(line, cap) ?? JSON.stringify({ aerie_event_id: id, aerie_truncated: true })
    );
  });
}
