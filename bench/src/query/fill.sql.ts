/**
 * SQL that grows the events table from rows ingested through the API (the seed) to N rows.
 * Pure text builders, so the statements can be read and tested without a database.
 */

/** Copy of the seed rows, numbered 1…n, that replicas are drawn from (dropped after the fill). */
export const SEED_TABLE = 'bench_seed';

/**
 * Columns of `events` the fill writes: all but identity and generated ones, read from the catalog
 * so a column added by a migration is copied from the seed without touching the benchmark.
 */
export const insertableColumnsSql = `
  SELECT column_name AS name FROM information_schema.columns
  WHERE table_schema = current_schema() AND table_name = 'events'
    AND is_identity = 'NO' AND is_generated = 'NEVER'
  ORDER BY ordinal_position`;

/** Columns a replica does not copy from its seed row (aliases: r = times, x = time texts). */
const REPLICA_VALUES: Readonly<Record<string, string>> = {
  id: 'gen_random_uuid()',
  received_at: 'r.et + make_interval(secs => r.delay)',
  event_time: 'r.et',
  time: 'x.txt',
  output_fields: `CASE WHEN s.output_fields ? 'evt.time'
    THEN jsonb_set(s.output_fields, '{evt.time}', to_jsonb(x.ns)) ELSE s.output_fields END`,
  payload: `CASE WHEN s.payload ? 'time'
    THEN s.payload || jsonb_build_object('time', x.txt) ELSE s.payload END`,
};

export const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

export const createSeedTable = (): string =>
  `CREATE TABLE ${SEED_TABLE} AS
     SELECT row_number() OVER (ORDER BY seq)::int AS k, e.* FROM events e`;

/**
 * Event times: the i-th replica (0-based, of `count`) falls in the i-th of `count` equal slots of
 * [start, end), at a random point inside it. Replicas are inserted in i order, so the table grows in
 * time order as a live one does (physical order and `seq` follow time, chunk by chunk).
 */
export interface TimeSpread {
  startEpochSeconds: number;
  stepSeconds: number;
}

export function timeSpread(startMs: number, endMs: number, count: number): TimeSpread {
  if (!(endMs > startMs) || count < 1) throw new Error('timeSpread: empty range');
  return { startEpochSeconds: startMs / 1000, stepSeconds: (endMs - startMs) / 1000 / count };
}

/**
 * One chunk of replicas: rows i in [$1, $2) of the spread ($3 start, $4 step, seconds), each a
 * copy of a seed row drawn uniformly at random from 1…$5 with a new uuid and new times. So every
 * value keeps the share it has among the seed rows (a rule seen once in 2,000 seed events is
 * ~0.05 % of the table) and rules, hosts, namespaces and groups stay consistent with each other.
 * `time` is the RFC 3339 text of `event_time` plus 3 random ns digits, `evt.time` in
 * `output_fields` and `time` in `payload` are rewritten to match; `output` keeps the seed's text.
 * `columns`: the insertable columns of `events` (insertableColumnsSql).
 */
export function fillChunkSql(columns: readonly string[]): string {
  for (const required of ['id', 'event_time', 'time']) {
    if (!columns.includes(required)) throw new Error(`events has no column ${required}`);
  }
  const values = columns.map((c) => REPLICA_VALUES[c] ?? `s.${quoteIdent(c)}`);
  return `INSERT INTO events (${columns.map(quoteIdent).join(', ')})
SELECT ${values.join(',\n  ')}
FROM (
  SELECT g.i,
    to_timestamp($3::float8 + (g.i + random()) * $4::float8) AS et,
    floor(random() * 1000)::int AS sub,
    random() * 0.5 AS delay,
    1 + floor(random() * $5::int)::int AS k
  FROM generate_series($1::bigint, $2::bigint - 1) AS g(i)
) r
JOIN ${SEED_TABLE} s ON s.k = r.k
CROSS JOIN LATERAL (
  SELECT to_char(r.et AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')
           || lpad(r.sub::text, 3, '0') || 'Z' AS txt,
         (extract(epoch FROM r.et) * 1000000)::bigint * 1000 + r.sub AS ns
) x`;
}

/** [from, to) ranges of at most `size` rows covering 0…count-1, in order. */
export function chunks(count: number, size: number): Array<[number, number]> {
  if (size < 1) throw new Error('chunks: size must be ≥ 1');
  const out: Array<[number, number]> = [];
  for (let from = 0; from < count; from += size) out.push([from, Math.min(count, from + size)]);
  return out;
}

/**
 * Indexes of `events` that no constraint owns (so dropping and re-running their definition from
 * pg_indexes recreates them exactly); the primary key and the unique `id` stay during the fill.
 */
export const secondaryIndexesSql = `
  SELECT i.indexname AS name, i.indexdef AS def, am.amname AS method,
    pg_get_indexdef(c.oid, 1, false) AS first_column
  FROM pg_indexes i
  JOIN pg_class c ON c.relname = i.indexname AND c.relnamespace = (
    SELECT oid FROM pg_namespace WHERE nspname = i.schemaname)
  JOIN pg_am am ON am.oid = c.relam
  WHERE i.schemaname = current_schema() AND i.tablename = 'events'
    AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = c.oid)
  ORDER BY i.indexname`;

export interface IndexDef {
  name: string;
  def: string;
  method: string;
  /** Its first key: a column name or an expression such as to_tsvector(…). */
  first_column: string;
}

/** True when the index's first key is an expression (to_tsvector(…)) rather than a column. */
export const isExpressionIndex = (index: IndexDef): boolean =>
  !/^(?:[a-z_][a-z0-9_$]*|"(?:[^"]|"")+")$/.test(index.first_column);

/**
 * Which secondary indexes stay in place during the insert: `none`, `gin`, `expression` (indexes
 * on an expression: their bulk build evaluates it row by row in one process, which maintaining
 * them during the insert spreads over all workers) or index names, comma-separated.
 */
export function keepDuringFill(spec: string): (index: IndexDef) => boolean {
  const words = spec
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '' && s !== 'none');
  return (index) =>
    words.includes(index.name) ||
    (words.includes('gin') && index.method === 'gin') ||
    (words.includes('expression') && isExpressionIndex(index));
}

/**
 * Build order for recreating indexes on two connections: GIN first (the slowest, and built by
 * one process each in PostgreSQL 15) so the B-trees fill the gaps; then by name for determinism.
 */
export function buildOrder(indexes: readonly IndexDef[]): IndexDef[] {
  return [...indexes].sort(
    (a, b) =>
      Number(b.method === 'gin') - Number(a.method === 'gin') || a.name.localeCompare(b.name),
  );
}

/**
 * Keeps the maintained totals of alert_groups true to the filled table (the unfiltered
 * `/api/v1/groups` reads them instead of scanning events).
 */
export const refreshGroupsSql = `
  UPDATE alert_groups g
  SET count = s.n, priority = s.priority, first_seen = s.first_seen, last_seen = s.last_seen
  FROM (SELECT group_id, count(*) AS n, min(priority) AS priority,
          min(event_time) AS first_seen, max(event_time) AS last_seen
        FROM events GROUP BY group_id) s
  WHERE g.id = s.group_id`;
