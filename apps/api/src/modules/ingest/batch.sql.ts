/**
 * Serializes batch commits across processes and replicas so that `seq` order is commit order:
 * a reader following `sort=seq` that has seen seq N never later finds a smaller seq appear.
 */
export const INGEST_LOCK = 0x4165726966;

const COLUMNS = `id uuid, received_at timestamptz, event_time timestamptz, time text, priority smallint,
  rule text, output text, output_fields jsonb, source text, tags text[], hostname text, cluster text,
  namespace text, workload text, pod text, container_image text, boundary text, fingerprint text,
  payload jsonb, added_fields text[], outputs uuid[]`;
const NAMES = `id, received_at, event_time, time, priority, rule, output, output_fields, source, tags,
  hostname, cluster, namespace, workload, pod, container_image, boundary, fingerprint, payload, added_fields`;

/**
 * One statement stores a whole batch ($1: JSON array of event records): it takes the ingest lock,
 * upserts each fingerprint's alert group (count, first/last seen, worst priority), inserts the
 * events in input order and their pending deliveries (the outbox: one row per output the event's
 * `outputs` names). One statement, one implicit transaction: all or nothing.
 */
export const INSERT_BATCH_SQL = `
WITH lock AS MATERIALIZED (SELECT pg_advisory_xact_lock(${INGEST_LOCK}) AS locked),
x AS MATERIALIZED (
  SELECT r.* FROM lock,
    ROWS FROM (json_to_recordset($1::json) AS (${COLUMNS})) WITH ORDINALITY AS r(${NAMES}, outputs, ord)
),
g AS (
  INSERT INTO alert_groups AS ag (id, fingerprint, rule, source, cluster, namespace, workload,
    hostname, boundary, priority, count, first_seen, last_seen)
  SELECT gen_random_uuid(), fingerprint, min(rule), min(source), min(cluster), min(namespace),
    min(workload), CASE WHEN min(workload) IS NULL THEN min(hostname) END, min(boundary),
    min(priority), count(*), min(event_time), max(event_time)
  FROM x GROUP BY fingerprint ORDER BY fingerprint
  ON CONFLICT (fingerprint) DO UPDATE SET
    count = ag.count + excluded.count,
    priority = least(ag.priority, excluded.priority),
    first_seen = least(ag.first_seen, excluded.first_seen),
    last_seen = greatest(ag.last_seen, excluded.last_seen)
  RETURNING id, fingerprint
),
e AS (
  INSERT INTO events (${NAMES}, group_id)
  SELECT ${NAMES.split(',')
    .map((n) => `x.${n.trim()}`)
    .join(', ')}, g.id
  FROM x JOIN g ON g.fingerprint = x.fingerprint
  ORDER BY x.ord
  RETURNING id, seq
),
d AS (
  INSERT INTO deliveries (event_id, output_id, status, due_at, created_at)
  SELECT x.id, o.id, 'pending', now(), now()
  FROM x CROSS JOIN LATERAL unnest(x.outputs) AS o(id)
  WHERE x.outputs IS NOT NULL
)
SELECT id, seq FROM e`;
