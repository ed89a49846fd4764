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
 *
 * A `resolved` group that gets an event reopens (status `new`, a `reopened` activity row); a
 * `false_positive` one stays so: an analyst judged that alert harmless, and a security product
 * must not quietly undo that judgement — they reopen it by hand. The
 * resolved groups are locked first (`reopen`), so a triage change cannot slip between reading
 * and rewriting them; a resolve that commits while the batch is written counts as after its
 * events (the group stays resolved). Each row returned also carries `reopened`: the ids of the
 * groups this batch reopened (null if none), for the live bus.
 */
export const INSERT_BATCH_SQL = `
WITH lock AS MATERIALIZED (SELECT pg_advisory_xact_lock(${INGEST_LOCK}) AS locked),
x AS MATERIALIZED (
  SELECT r.* FROM lock,
    ROWS FROM (json_to_recordset($1::json) AS (${COLUMNS})) WITH ORDINALITY AS r(${NAMES}, outputs, ord)
),
reopen AS MATERIALIZED (
  SELECT ag.id FROM alert_groups ag
  WHERE ag.fingerprint IN (SELECT fingerprint FROM x) AND ag.status = 'resolved'
  ORDER BY ag.fingerprint FOR UPDATE
),
g AS (
  INSERT INTO alert_groups AS ag (id, fingerprint, rule, source, cluster, namespace, workload,
    hostname, boundary, priority, count, first_seen, last_seen)
  SELECT gen_random_uuid(), fingerprint, min(rule), min(source), min(cluster), min(namespace),
    min(workload), CASE WHEN min(workload) IS NULL THEN min(hostname) END, min(boundary),
    min(priority), count(*), min(event_time), max(event_time)
  -- The condition is always true: it makes \`reopen\` lock its rows before any group is written.
  FROM x WHERE (SELECT count(*) FROM reopen) >= 0
  GROUP BY fingerprint ORDER BY fingerprint
  ON CONFLICT (fingerprint) DO UPDATE SET
    count = ag.count + excluded.count,
    priority = least(ag.priority, excluded.priority),
    first_seen = least(ag.first_seen, excluded.first_seen),
    last_seen = greatest(ag.last_seen, excluded.last_seen),
    status = CASE WHEN ag.id IN (SELECT id FROM reopen) THEN 'new' ELSE ag.status END,
    status_changed_at = CASE WHEN ag.id IN (SELECT id FROM reopen) THEN now()
      ELSE ag.status_changed_at END,
    status_changed_by = CASE WHEN ag.id IN (SELECT id FROM reopen) THEN NULL
      ELSE ag.status_changed_by END
  RETURNING id, fingerprint
),
r AS (
  INSERT INTO group_activity (group_id, at, actor, kind, from_value, to_value)
  SELECT id, now(), NULL, 'reopened', 'resolved', 'new' FROM reopen
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
SELECT id, seq, (SELECT json_agg(id) FROM reopen) AS reopened FROM e`;
