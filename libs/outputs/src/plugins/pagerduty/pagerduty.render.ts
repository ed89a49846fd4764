import type { Priority, StoredEventDetail } from '@aerie/contracts';
import type { DeliverableEvent, HttpMessage, RenderContext } from '../../output.js';
import { mergeHeaders } from '../webhook/http-headers.js';
import { memberText } from '../webhook/json-text.js';
import { truncate } from '../webhook/text.js';
import { pagerDutyUrl, type PagerDutyConfig } from './pagerduty.config.js';

export type PagerDutySeverity = 'critical' | 'error' | 'warning' | 'info';

/** PagerDuty's limits (developer docs; not in the OpenAPI schema). */
export const SUMMARY_MAX = 1024;
const DEDUP_KEY_MAX = 255;
/** Whole request ≤ 512 KB; keep room for the envelope. */
const BODY_BUDGET = 500 * 1024;
/** A field value longer than this is cut in `custom_details` when the body is over budget. */
const FIELD_VALUE_MAX = 4096;

const SEVERITY: Readonly<Record<Priority, PagerDutySeverity>> = {
  Emergency: 'critical',
  Alert: 'critical',
  Critical: 'critical',
  Error: 'error',
  Warning: 'warning',
  Notice: 'info',
  Informational: 'info',
  Debug: 'info',
};

export function pagerDutySeverity(priority: Priority): PagerDutySeverity {
  return SEVERITY[priority];
}

/**
 * One incident per alert group: every repeat of an alert (same rule, workload or host, namespace,
 * cluster, source) carries its group's key, and the triage flow resolves it with the same key.
 */
export function dedupKey(fingerprint: string): string {
  return `aerie-${fingerprint}`.slice(0, DEDUP_KEY_MAX);
}

/** Falco's `output` starts with the clock and priority (`10:00:00.123456789: Warning …`). */
const FALCO_PREFIX = /^\d{2}:\d{2}:\d{2}\.\d+: \w+ /;

/** `<Priority> <rule>: <message>` cut to PagerDuty's 1024 characters, never inside a pair. */
export function summary(event: StoredEventDetail): string {
  const message = event.output?.replace(FALCO_PREFIX, '').trim();
  const text = message
    ? `${event.priority} ${event.rule}: ${message}`
    : `${event.priority} ${event.rule}`;
  return truncate(text, SUMMARY_MAX);
}

/** A placeholder replaced by the exact `output_fields` text (numbers as stored, not rounded). */
const FIELDS_SLOT = '\u0000aerie-fields\u0000';

/** The `trigger` event for one stored event (Events API v2). */
export function renderTrigger(
  events: readonly DeliverableEvent[],
  config: PagerDutyConfig,
  ctx: RenderContext,
): HttpMessage {
  const [first] = events;
  if (first === undefined || events.length !== 1) {
    throw new Error(`pagerduty renders exactly one event per request (got ${events.length})`);
  }
  const e = first.event;
  const envelope = (fields: unknown) => ({
    routing_key: config.routingKey,
    event_action: 'trigger',
    dedup_key: dedupKey(e.fingerprint),
    payload: {
      summary: summary(e),
      source: e.hostname ?? e.cluster ?? config.source,
      severity: pagerDutySeverity(e.priority),
      timestamp: isoTimestamp(e.time, e.received_at),
      ...((e.workload ?? e.container_image) ? { component: e.workload ?? e.container_image } : {}),
      group: [e.cluster, e.namespace].filter((p) => p !== null).join('/') || e.source,
      class: e.rule,
      custom_details: {
        rule: e.rule,
        priority: e.priority,
        source: e.source,
        boundary: e.boundary,
        hostname: e.hostname,
        cluster: e.cluster,
        namespace: e.namespace,
        workload: e.workload,
        pod: e.pod,
        container_image: e.container_image,
        tags: e.tags,
        time: e.time,
        event_id: e.id,
        output: e.output,
        fields,
      },
    },
    client: 'Aerie',
    // PagerDuty wants absolute links; without Aerie's `publicUrl` there is none to give.
    ...(isAbsolute(ctx.eventUrl)
      ? { client_url: ctx.eventUrl, links: [{ href: ctx.eventUrl, text: 'Event in Aerie' }] }
      : {}),
  });
  const exact = memberText(first.eventJson, 'output_fields');
  let body =
    exact === undefined
      ? JSON.stringify(envelope(e.output_fields))
      : JSON.stringify(envelope(FIELDS_SLOT)).replace(JSON.stringify(FIELDS_SLOT), () => exact);
  if (Buffer.byteLength(body) > BODY_BUDGET) {
    // Huge field values (a 1 MB command line) would make PagerDuty refuse the whole event.
    body = JSON.stringify(envelope(cutFields(e.output_fields)));
  }
  return message(config, body);
}

/**
 * The `resolve` event for an alert group, for when triage resolves it: the same routing key and
 * dedup key as its triggers (PagerDuty matches on both).
 */
export function resolveMessage(fingerprint: string, config: PagerDutyConfig): HttpMessage {
  return message(
    config,
    JSON.stringify({
      routing_key: config.routingKey,
      event_action: 'resolve',
      dedup_key: dedupKey(fingerprint),
    }),
  );
}

function message(config: PagerDutyConfig, body: string): HttpMessage {
  return {
    method: 'POST',
    url: pagerDutyUrl(config),
    headers: mergeHeaders(config.headers, { 'content-type': 'application/json' }),
    body,
  };
}

/** RFC 3339 with ms: Falco's ns precision is more than PagerDuty documents accepting. */
function isoTimestamp(time: string, fallback: string): string {
  const ms = Date.parse(time);
  return new Date(Number.isNaN(ms) ? Date.parse(fallback) : ms).toISOString();
}

function isAbsolute(url: string): boolean {
  return /^https?:\/\/[^/]/.test(url);
}

function cutFields(fields: StoredEventDetail['output_fields']): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    const text = typeof v === 'string' ? v : JSON.stringify(v);
    out[k] =
      text.length > FIELD_VALUE_MAX
        ? `${truncate(text, FIELD_VALUE_MAX)} (${text.length - FIELD_VALUE_MAX} more characters in Aerie)`
        : v;
  }
  return out;
}
