import { PRIORITIES } from '@aerie/contracts';

/** Postgres builds response JSON itself: numbers beyond 2^53 in output_fields stay exact. */
export const PRIORITY_NAME = (rank: string) =>
  `(ARRAY[${PRIORITIES.map((p) => `'${p}'`).join(',')}])[${rank} + 1]`;

/** RFC 3339 UTC with µs, independent of the session's TimeZone and DateStyle. */
export const ISO = (ts: string) =>
  `to_char(${ts} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** One event (alias `e`) as the API returns it (StoredEventSchema): columns in key order. */
export const EVENT_COLUMNS = `e.id, e.seq, ${ISO('e.received_at')} AS received_at, e.time,
  ${PRIORITY_NAME('e.priority')} AS priority, e.rule, e.output, e.output_fields, e.source, e.tags,
  e.hostname, e.cluster, e.namespace, e.workload, e.pod, e.container_image, e.boundary,
  e.fingerprint, e.group_id`;

/** An alert group's triage state (`g`: an alert_groups alias): the last keys of AlertGroupSchema. */
export const GROUP_TRIAGE_COLUMNS = (g: string) => `${g}.status, ${g}.assignee,
  ${ISO(`${g}.status_changed_at`)} AS status_changed_at, ${g}.comment_count`;

/** One alert group with its all-time totals (`g`: an alert_groups alias), as AlertGroupSchema. */
export const GROUP_COLUMNS = (g: string) => `${g}.id, ${g}.fingerprint, ${g}.rule, ${g}.source,
  ${g}.cluster, ${g}.namespace, ${g}.workload, ${g}.hostname, ${g}.boundary,
  ${PRIORITY_NAME(`${g}.priority`)} AS priority, ${g}.count, ${ISO(`${g}.first_seen`)} AS first_seen,
  ${ISO(`${g}.last_seen`)} AS last_seen, ${GROUP_TRIAGE_COLUMNS(g)}`;

/** Compact JSON text of a row built from `columns` (row_to_json keeps their order). */
export const rowJson = (columns: string) =>
  `(SELECT row_to_json(r)::text FROM (SELECT ${columns}) r)`;

/** The payload exactly as received: custom fields taken out again, `output` put back. */
export const RAW_JSON = `(e.payload
  || CASE WHEN e.output IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('output', e.output) END
  || jsonb_build_object('output_fields', e.output_fields - coalesce(e.added_fields, '{}'::text[])))`;
