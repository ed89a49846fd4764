import type { Priority, StoredEventDetail } from '@aerie/contracts';
import type { DeliverableEvent } from '../../output.js';
import { memberText } from '../webhook/json-text.js';
import { compact, ecsFromFields } from './ecs-fields.js';

/**
 * The document indexed for one event: ECS fields (`@timestamp`, `event.*`, `rule.name`,
 * `host.*`, `orchestrator.*`, `container.*`, …) for search and SIEM rules, Falco's output fields
 * under `falco.output_fields` with their names exactly as Falco writes them, and Aerie's ids.
 *
 * Why one `falco.output_fields` object mapped as `flattened` (`flat_object` on OpenSearch):
 * Elasticsearch expands dotted names into objects, so `k8s.ns.name` (a value) and
 * `k8s.ns.name.foo` (an object then) cannot both be mapped, and a field first seen as a number
 * refuses a later string. A flattened field keeps every leaf as a keyword under its full name —
 * no collisions, no mapping explosion — and stays searchable
 * (`falco.output_fields.proc.cmdline: *curl*`). See docs/outputs/elasticsearch.md.
 */

export const ECS_VERSION = '8.11.0';

/** Priority → `event.severity`, as Elastic's Falco integration numbers them (higher = worse). */
const SEVERITY: Readonly<Record<Priority, number>> = {
  Emergency: 7,
  Alert: 6,
  Critical: 5,
  Error: 4,
  Warning: 3,
  Notice: 2,
  Informational: 1,
  Debug: 0,
};

export function eventSeverity(priority: Priority): number {
  return SEVERITY[priority];
}

/** One document's budget: 100 of them stay far below the default 100 MB `http.max_content_length`. */
export const DOC_MAX_BYTES = 512 * 1024;

/**
 * Value cuts, tried in order until the document fits its budget. The first keeps every
 * value under Lucene's 32766-byte term limit (8191 UTF-16 units are at most 32764 UTF-8 bytes),
 * so a huge command line cannot make the cluster refuse the document.
 */
const LEVELS = [
  { value: 8191, message: Number.POSITIVE_INFINITY },
  { value: 1024, message: 8191 },
] as const;

/** RFC 3339 with a zone: sent as is (nanoseconds kept; `date_nanos` stores them). */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;

/** The event time as `@timestamp`: as sent when it is RFC 3339, else normalized, else received. */
export function timestamp(e: StoredEventDetail): string {
  if (RFC3339.test(e.time) && !Number.isNaN(Date.parse(e.time))) return e.time;
  const ms = Date.parse(e.time);
  return new Date(Number.isNaN(ms) ? Date.parse(e.received_at) : ms).toISOString();
}

/** The instant `@timestamp` names (for the index date). */
export function eventDate(e: StoredEventDetail): Date {
  return new Date(Date.parse(timestamp(e)));
}

/** A placeholder replaced by the output fields' text (numbers exactly as stored). */
const FIELDS_SLOT = '\u0000aerie-fields\u0000';

/** The document's JSON text (one NDJSON line). `url` links to the event in Aerie. */
export function documentText(d: DeliverableEvent, url: string | undefined): string {
  let text = '';
  for (const limits of LEVELS) {
    text = render(d, url, limits);
    if (Buffer.byteLength(text) <= DOC_MAX_BYTES) break;
  }
  return text;
}

function render(
  d: DeliverableEvent,
  url: string | undefined,
  limits: (typeof LEVELS)[number],
): string {
  const e = d.event;
  let truncated = false;
  const cutTo = (max: number) => (s: string) => {
    if (s.length <= max) return s;
    truncated = true;
    return cutText(s, max);
  };
  const cut = cutTo(limits.value);
  // Everything that may be cut first, so `truncated` is known when the document is built.
  const fields = outputFieldsText(d, cut);
  const message = cutTo(limits.message)(e.output ?? e.rule);
  const ecs = ecsFromFields(e, cut);
  const doc = compact({
    '@timestamp': timestamp(e),
    message,
    ecs: { version: ECS_VERSION },
    event: {
      kind: 'alert',
      category: ['intrusion_detection'],
      type: ['info'],
      severity: eventSeverity(e.priority),
      id: e.id,
      created: e.received_at,
      provider: e.source,
      url,
    },
    rule: { name: e.rule },
    log: { level: e.priority.toLowerCase() },
    observer: { product: 'falco', vendor: 'falcosecurity', type: 'sensor' },
    host: { name: e.hostname ?? undefined, hostname: e.hostname ?? undefined },
    orchestrator:
      (e.cluster ?? e.namespace ?? e.pod) !== null
        ? {
            type: 'kubernetes',
            cluster: { name: e.cluster ?? undefined },
            namespace: e.namespace ?? undefined,
            resource: e.pod === null ? undefined : { type: 'pod', name: e.pod },
          }
        : undefined,
    ...ecs,
    tags: e.tags.length > 0 ? e.tags : undefined,
    falco: { priority: e.priority, source: e.source, time: e.time, output_fields: FIELDS_SLOT },
    aerie: {
      event_id: e.id,
      group_id: e.group_id,
      fingerprint: e.fingerprint,
      boundary: e.boundary,
      workload: e.workload ?? undefined,
      truncated: truncated ? true : undefined,
    },
  })!;
  return JSON.stringify(doc).replace(JSON.stringify(FIELDS_SLOT), () => fields);
}

/** `s` in at most `max` UTF-16 units, saying how many characters were left out (exactly). */
function cutText(s: string, max: number): string {
  // The note's longest form, so what is kept plus the note never passes max.
  const noteMax = ` (${s.length} more characters in Aerie)`.length;
  let keep = max - 1 - noteMax;
  const code = s.charCodeAt(keep - 1);
  if (code >= 0xd800 && code <= 0xdbff) keep--;
  return `${s.slice(0, keep)}… (${s.length - keep} more characters in Aerie)`;
}

/**
 * `output_fields` as JSON text: strings (cut when too long) re-encoded, anything else copied
 * from the stored text, so Falco's nanosecond `evt.time` (beyond 2^53) is never rounded.
 */
function outputFieldsText(d: DeliverableEvent, cut: (s: string) => string): string {
  const exact = memberText(d.eventJson, 'output_fields');
  const members = Object.entries(d.event.output_fields).map(([key, value]) => {
    let text: string;
    if (typeof value === 'string') text = JSON.stringify(cut(value));
    else {
      text = (exact === undefined ? undefined : memberText(exact, key)) ?? JSON.stringify(value);
      // A long array or object becomes its cut text: a flattened field takes a string as well.
      const short = cut(text);
      if (short !== text) text = JSON.stringify(short);
    }
    return `${JSON.stringify(key)}:${text}`;
  });
  return `{${members.join(',')}}`;
}
