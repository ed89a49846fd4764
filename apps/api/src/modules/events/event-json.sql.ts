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

/** Compact JSON text of a row built from `columns` (row_to_json keeps their order). */
export const rowJson = (columns: string) =>
  `(SELECT row_to_json(r)::text FROM (SELECT ${columns}) r)`;

/** The payload exactly as received: custom fields taken out again, `output` put back. */
export const RAW_JSON = `(e.payload
  || CASE WHEN e.output IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('output', e.output) END
  || jsonb_build_object('output_fields', e.output_fields - coalesce(e.added_fields, '{}'::text[])))`;
