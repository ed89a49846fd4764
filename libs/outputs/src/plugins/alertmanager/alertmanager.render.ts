import type { Priority, StoredEventDetail } from '@aerie/contracts';
import type { DeliverableEvent, HttpMessage, RenderContext } from '../../output.js';
import { mergeHeaders } from '../webhook/http-headers.js';
import { memberText } from '../webhook/json-text.js';
import { truncate } from '../webhook/text.js';
import { alertsUrl, type AlertmanagerConfig } from './alertmanager.config.js';
import { labelName } from './alertmanager.labels.js';

/** One `postableAlert` of Alertmanager's API v2. */
export interface PostableAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL?: string;
}

/** The usual Prometheus severities, as Falcosidekick's default map. */
const SEVERITY: Readonly<Record<Priority, string>> = {
  Emergency: 'critical',
  Alert: 'critical',
  Critical: 'critical',
  Error: 'warning',
  Warning: 'warning',
  Notice: 'information',
  Informational: 'information',
  Debug: 'information',
};

/**
 * `POST /api/v2/alerts` with one alert per event. The label set is the alert's identity in
 * Alertmanager (re-sending it updates the alert): the fields that name an alert group, never the
 * event's output fields (unbounded cardinality). Those go to annotations.
 */
export function renderAlerts(
  events: readonly DeliverableEvent[],
  config: AlertmanagerConfig,
  ctx: RenderContext,
): HttpMessage {
  const [host, ...others] = config.hosts;
  if (host === undefined || others.length > 0) {
    throw new Error('alertmanager renders for one host: expand the output with perHost() first');
  }
  const first = events[0];
  if (first === undefined) throw new Error('alertmanager: nothing to render');
  const alerts = events.map((e) =>
    toAlert(e, config, ctx, eventUrl(ctx, first.event.id, e.event.id)),
  );
  return {
    method: 'POST',
    url: alertsUrl(host, config.endpoint),
    headers: mergeHeaders(config.headers, { 'content-type': 'application/json' }),
    body: JSON.stringify(alerts),
  };
}

export function toAlert(
  item: DeliverableEvent,
  config: AlertmanagerConfig,
  ctx: RenderContext,
  url: string | undefined,
): PostableAlert {
  const e = item.event;
  const labels: Record<string, string> = {};
  // Extra labels first: Aerie's own names win, so routing on them cannot be spoofed by config.
  for (const [k, v] of Object.entries(config.extraLabels)) labels[labelName(k)] = v;
  const own: Record<string, string | null> = {
    alertname: e.rule,
    rule: e.rule,
    priority: e.priority,
    severity: SEVERITY[e.priority],
    source: e.source,
    hostname: e.hostname,
    cluster: e.cluster,
    namespace: e.namespace,
    workload: e.workload,
    boundary: e.boundary,
  };
  // An empty label value means "no label" to Alertmanager: leave unknowns out.
  for (const [k, v] of Object.entries(own)) if (v !== null && v !== '') labels[k] = v;

  const starts = Date.parse(e.time);
  const startsAt = Number.isNaN(starts) ? Date.parse(e.received_at) : starts;
  // From the later of the event and now: a late retry must not arrive already resolved, and
  // Alertmanager refuses an end before the start.
  const endsAt = Math.max(startsAt, ctx.now.getTime()) + config.expiresAfterSeconds * 1000;
  return {
    labels,
    annotations: {
      ...config.extraAnnotations,
      summary: summaryOf(e),
      ...(e.output !== null ? { output: e.output } : {}),
      fields: memberText(item.eventJson, 'output_fields') ?? JSON.stringify(e.output_fields),
      ...(e.tags.length > 0 ? { tags: e.tags.join(',') } : {}),
      event_id: e.id,
    },
    startsAt: new Date(startsAt).toISOString(),
    endsAt: new Date(endsAt).toISOString(),
    ...(url !== undefined ? { generatorURL: url } : {}),
  };
}

/** A short line for notification titles; the full text is in `output`. */
const SUMMARY_MAX = 512;
const FALCO_PREFIX = /^\d{2}:\d{2}:\d{2}\.\d+: \w+ /;

function summaryOf(e: StoredEventDetail): string {
  const message = e.output?.replace(FALCO_PREFIX, '').trim();
  const text = message ? `${e.rule}: ${message}` : e.rule;
  return truncate(text, SUMMARY_MAX);
}

/**
 * Each alert's link back to Aerie. The render context carries one URL (the first event's); the
 * others are derived by swapping the id. Alertmanager refuses a `generatorURL` that is not a URI
 * (422), so a relative link (no `publicUrl` configured) is left out.
 */
function eventUrl(ctx: RenderContext, firstId: string, id: string): string | undefined {
  if (!/^https?:\/\/[^/]/.test(ctx.eventUrl)) return undefined;
  return id === firstId ? ctx.eventUrl : ctx.eventUrl.split(firstId).join(id);
}
