import { createHash } from 'node:crypto';
import type { Priority, StoredEventDetail } from '@aerie/contracts';
import type { DeliverableEvent, HttpMessage, RenderContext } from '../../output.js';
import { mergeHeaders } from '../webhook/http-headers.js';
import { memberText } from '../webhook/json-text.js';
import { fairShares, shrinkJsonObject, truncateBytes, utf8Bytes } from '../loki/byte-budget.js';
import { eventTimeNs, isoFromNs } from '../loki/event-time.js';
import { ingestionUrl, type SentinelConfig } from './sentinel.config.js';

/**
 * Azure Monitor takes at most 1 MB a call, compressed or not (the SDKs cut at 1 MiB of JSON
 * before gzip); a little under, to be sure.
 */
export const BODY_BUDGET = 1_000_000;
/** Azure truncates a value over 64 KB; cut first so `OutputFields` stays valid JSON. */
export const COLUMN_MAX_BYTES = 64_000;
/** The least a record's two large columns are cut to before they are dropped. */
const MIN_COLUMN_BYTES = 64;

export type SentinelSeverity = 'High' | 'Medium' | 'Low' | 'Informational';

/** Falco priority → Sentinel's alert severities (for analytics rules' `Severity`). */
const SEVERITY: Readonly<Record<Priority, SentinelSeverity>> = {
  Emergency: 'High',
  Alert: 'High',
  Critical: 'High',
  Error: 'Medium',
  Warning: 'Medium',
  Notice: 'Low',
  Informational: 'Informational',
  Debug: 'Informational',
};

export function sentinelSeverity(priority: Priority): SentinelSeverity {
  return SEVERITY[priority];
}

/** A placeholder replaced by the exact `output_fields` text (numbers as stored, not rounded). */
const FIELDS_SLOT = '\u0000aerie-fields\u0000';

/**
 * One upload: a JSON array with a record per event in the DCR stream's columns
 * (docs/outputs/sentinel.md), under 1 MB — records over their share are shortened, never dropped.
 */
export function renderSentinel(
  events: readonly DeliverableEvent[],
  config: SentinelConfig,
  ctx: RenderContext,
): HttpMessage {
  const [first] = events;
  if (first === undefined) throw new Error('sentinel renders at least one event');
  if (!ctx.accessToken) throw new Error('sentinel needs an access token (the engine fetches it)');
  const items = events.map((d) => {
    const url = eventUrl(ctx, first.event.id, d.event.id);
    return { d, url, text: record(d, ctx, url, COLUMN_MAX_BYTES) };
  });
  const caps = fairShares(
    items.map((item) => utf8Bytes(item.text)),
    BODY_BUDGET - 2 - (events.length - 1),
  );
  const records = items.map(({ d, url, text }, i) => {
    const cap = caps[i] ?? BODY_BUDGET;
    return utf8Bytes(text) <= cap ? text : fitRecord(d, ctx, url, cap);
  });
  return {
    method: 'POST',
    url: ingestionUrl(config),
    headers: mergeHeaders(config.headers, {
      'content-type': 'application/json',
      authorization: `Bearer ${ctx.accessToken}`,
      'x-ms-client-request-id': requestId(events),
    }),
    body: `[${records.join(',')}]`,
    ...(config.gzip ? { gzip: true } : {}),
  };
}

/**
 * The record of one event, its two large columns each within `columnBytes` (Output cut with `…`,
 * OutputFields shortened value by value). `Truncated` says whether anything was cut.
 */
function record(
  { event: e, eventJson }: DeliverableEvent,
  ctx: RenderContext,
  url: string | null,
  columnBytes: number,
): string {
  const exact = memberText(eventJson, 'output_fields') ?? JSON.stringify(e.output_fields);
  const fields = shrinkJsonObject(exact, columnBytes) ?? '{"aerie_truncated":true}';
  const output = e.output === null ? null : truncateBytes(e.output, columnBytes);
  const truncated = fields !== exact || output !== e.output;
  const text = JSON.stringify(columns(e, ctx, url, output, truncated));
  return text.replace(JSON.stringify(FIELDS_SLOT), () => fields);
}

/** Halves the two large columns' allowance until the record fits its share of the budget. */
function fitRecord(
  d: DeliverableEvent,
  ctx: RenderContext,
  url: string | null,
  cap: number,
): string {
  for (let bytes = Math.min(COLUMN_MAX_BYTES, cap); bytes >= MIN_COLUMN_BYTES; bytes >>= 1) {
    const text = record(d, ctx, url, Math.floor(bytes / 2));
    if (utf8Bytes(text) <= cap) return text;
  }
  return record(d, ctx, url, 0);
}

function columns(
  e: StoredEventDetail,
  ctx: RenderContext,
  url: string | null,
  output: string | null,
  truncated: boolean,
): Record<string, unknown> {
  return {
    // Log Analytics keeps 100 ns ticks: Falco's ns time cut to 7 digits.
    TimeGenerated: isoFromNs(eventTimeNs(e, ctx.now), 7),
    ReceivedAt: e.received_at,
    EventId: e.id,
    Priority: e.priority,
    Severity: sentinelSeverity(e.priority),
    Rule: e.rule,
    Source: e.source,
    Boundary: e.boundary,
    Hostname: e.hostname,
    Cluster: e.cluster,
    Namespace: e.namespace,
    Workload: e.workload,
    Pod: e.pod,
    ContainerImage: e.container_image,
    Tags: e.tags,
    Output: output,
    OutputFields: FIELDS_SLOT,
    Fingerprint: e.fingerprint,
    GroupId: e.group_id,
    EventUrl: url,
    Truncated: truncated,
  };
}

/** The event's link in Aerie, when Aerie's `publicUrl` makes it absolute. */
function eventUrl(ctx: RenderContext, firstId: string, id: string): string | null {
  if (!/^https?:\/\/[^/]/.test(ctx.eventUrl)) return null;
  return id === firstId ? ctx.eventUrl : ctx.eventUrl.split(firstId).join(id);
}

/**
 * `x-ms-client-request-id`: a UUID derived from the events, the same on every retry of the batch,
 * so Azure support can follow one upload across attempts.
 */
function requestId(events: readonly DeliverableEvent[]): string {
  const hex = createHash('sha256')
    .update(events.map((d) => d.event.id).join(','))
    .digest('hex');
  // RFC 9562 version 8 (custom), variant 10.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16] ?? '0', 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
