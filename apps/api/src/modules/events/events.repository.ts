import {
  PRIORITIES,
  formatDuration,
  type EventFilter,
  type EventListQuery,
  type GroupFilter,
  type GroupListQuery,
  type Priority,
  type Stats,
  type StatsQuery,
} from '@aerie/contracts';
import type { Database, Query } from '../database/database.js';
import { ALL, scopeCondition, scopePatterns, type TenantScope } from '../access/tenant-scope.js';
import { ApiError } from '../../shared/api-error.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { filterConditions, whereClause } from './event-filter.sql.js';
import {
  EVENT_COLUMNS,
  GROUP_TRIAGE_COLUMNS,
  ISO,
  PRIORITY_NAME,
  RAW_JSON,
  rowJson,
} from './event-json.sql.js';
import { SqlParams } from './sql-params.js';

/** No filter: only the scope narrows. */
const EMPTY_FILTER: EventFilter = { tagsMatch: 'all', fields: {} };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Automatic histogram buckets, smallest first. */
const NICE_BUCKETS_MS = [
  1, 5, 10, 30, 60, 300, 900, 1800, 3600, 10800, 21600, 43200, 86400, 604800,
].map((s) => s * 1000);
const TARGET_BUCKETS = 120;
const MAX_BUCKETS = 10_000;

interface PageRow {
  j: string;
  t: string;
  k: string | number;
}

/**
 * The query layer: every read of events, groups and stats goes through here, with the reader's
 * tenant scope twice — in the WHERE clause (filterConditions) and, for tenants, as row-level
 * security (Database.asTenant). Responses are JSON text made by Postgres (exact numbers).
 */
export class EventsRepository {
  constructor(private readonly db: Database) {}

  /**
   * `{"items":[…],"next_cursor":…}` as JSON text. For a team the page's ids are found with every
   * index (as the owner, the scope in the WHERE clause), then its rows are read under row-level
   * security, which re-checks each one: a full-text or field search keeps its GIN index (RLS
   * would disable it: those operators are not leakproof) and nothing outside the scope is
   * returned even if the first wall were wrong. ADR 0004.
   */
  async list(scope: TenantScope, query: EventListQuery): Promise<string> {
    const owner: Query = (sql, params) => this.db.query(sql, params);
    if (scope.all) return this.listIn(owner, scope, query, rowJson(EVENT_COLUMNS));
    const ids = await this.listIn(owner, scope, query, 'e.id');
    const found = JSON.parse(ids) as { items: string[]; next_cursor: string | null };
    if (found.items.length === 0) return ids;
    const rows = await this.db.asTenant(scopePatterns(scope), (db) =>
      db<{ id: string; j: string }>(
        `SELECT e.id, ${rowJson(EVENT_COLUMNS)} AS j FROM events e WHERE e.id = ANY($1::uuid[])`,
        [found.items],
      ),
    );
    const byId = new Map(rows.map((r) => [r.id, r.j]));
    const items = found.items.flatMap((id) => byId.get(id) ?? []);
    return `{"items":[${items.join(',')}],"next_cursor":${JSON.stringify(found.next_cursor)}}`;
  }

  /** One event with its raw payload, or undefined (also when it is outside the scope). */
  async get(scope: TenantScope, id: string): Promise<string | undefined> {
    if (!UUID.test(id)) return undefined;
    return this.read(scope, async (db) => {
      const p = new SqlParams();
      const where = filterConditions(EMPTY_FILTER, p, scope);
      where.push(`e.id = ${p.add(id, 'uuid')}`);
      const rows = await db<{ j: string }>(
        `SELECT ${rowJson(`${EVENT_COLUMNS}, ${RAW_JSON} AS raw`)} AS j FROM events e ${whereClause(where)}`,
        p.values,
      );
      return rows[0]?.j;
    });
  }

  /** Alert groups, most recently seen first; counts and times over the matching events only. */
  groups(scope: TenantScope, query: GroupListQuery): Promise<string> {
    return this.aggregate(scope, query.filter, (db) => this.groupsIn(db, scope, query));
  }

  /**
   * The ids of the groups a filter selects (bulk triage), most recently seen first, at most
   * `limit`: the same walls as `groups`.
   */
  groupIds(scope: TenantScope, filter: GroupFilter, limit: number): Promise<string[]> {
    return this.aggregate(scope, filter.filter, async (db) => {
      const p = new SqlParams();
      const from = groupsFrom(scope, filter, p, []);
      const rows = await db<{ id: string }>(
        `SELECT g.id ${from} ORDER BY m.last_seen DESC, g.id DESC LIMIT ${p.add(limit, 'int')}`,
        p.values,
      );
      return rows.map((r) => r.id);
    });
  }

  stats(scope: TenantScope, query: StatsQuery, now = new Date()): Promise<Stats> {
    return this.aggregate(scope, query.filter, (db) => this.statsIn(db, scope, query, now));
  }

  /** Admins read directly; tenants inside a transaction where row-level security applies. */
  private read<T>(scope: TenantScope, fn: (db: Query) => Promise<T>): Promise<T> {
    if (scope.all) return fn((sql, params) => this.db.query(sql, params));
    return this.db.asTenant(scopePatterns(scope), fn);
  }

  /**
   * Counts cannot be re-checked row by row afterwards, so a team's aggregation runs under
   * row-level security — except with full-text, tag or field filters, whose GIN indexes Postgres
   * will not use under RLS (their operators are not leakproof: a search would scan the team's
   * every event). Those run with the query layer's scope alone (ADR 0004, docs/benchmarks.md).
   */
  private aggregate<T>(
    scope: TenantScope,
    filter: EventFilter,
    fn: (db: Query) => Promise<T>,
  ): Promise<T> {
    const needsGin =
      filter.q !== undefined || filter.tags !== undefined || Object.keys(filter.fields).length > 0;
    return needsGin ? fn((sql, params) => this.db.query(sql, params)) : this.read(scope, fn);
  }

  /** A page of `select` (the event JSON, or `e.id` for the first phase of a team's read). */
  private async listIn(
    db: Query,
    scope: TenantScope,
    query: EventListQuery,
    select: string,
  ): Promise<string> {
    const p = new SqlParams();
    const where = filterConditions(query.filter, p, scope);
    const dir = query.order === 'desc' ? 'DESC' : 'ASC';
    const op = query.order === 'desc' ? '<' : '>';
    const bySeq = query.sort === 'seq';
    if (query.cursor !== undefined) {
      const pos = decodeCursor(query.cursor, query.order, 'seq');
      if ((pos.t === '') !== bySeq) {
        throw ApiError.invalid('invalid_query', [
          {
            field: 'cursor',
            message: `was made for another sort; send sort=${bySeq ? 'time' : 'seq'}`,
          },
        ]);
      }
      const seq = p.add(String(pos.k), 'bigint');
      where.push(
        bySeq
          ? `e.seq ${op} ${seq}`
          : `(e.event_time, e.seq) ${op} (${p.add(pos.t, 'timestamptz')}, ${seq})`,
      );
    }
    const rows = await db<PageRow>(
      `SELECT ${select} AS j, ${bySeq ? `''` : ISO('e.event_time')} AS t, e.seq AS k
       FROM events e ${whereClause(where)}
       ORDER BY ${bySeq ? '' : `e.event_time ${dir}, `}e.seq ${dir}
       LIMIT ${p.add(query.limit + 1, 'int')}`,
      p.values,
    );
    return page(
      select === 'e.id' ? rows.map((r) => ({ ...r, j: JSON.stringify(r.j) })) : rows,
      query.limit,
      query.order,
      (k) => Number(k),
    );
  }

  private async groupsIn(db: Query, scope: TenantScope, query: GroupListQuery): Promise<string> {
    if (query.sort !== 'time') {
      throw ApiError.invalid('invalid_query', [
        { field: 'sort', message: 'groups are sorted by last seen only' },
      ]);
    }
    const p = new SqlParams();
    const dir = query.order === 'desc' ? 'DESC' : 'ASC';
    const after: string[] = [];
    if (query.cursor !== undefined) {
      const pos = decodeCursor(query.cursor, query.order, 'uuid');
      const op = query.order === 'desc' ? '<' : '>';
      after.push(
        `(m.last_seen, g.id) ${op} (${p.add(pos.t, 'timestamptz')}, ${p.add(String(pos.k), 'uuid')})`,
      );
    }
    const from = groupsFrom(scope, query, p, after);
    const rows = await db<PageRow>(
      `SELECT ${rowJson(`g.id, g.fingerprint, g.rule, g.source, g.cluster, g.namespace, g.workload,
           g.hostname, g.boundary, ${PRIORITY_NAME('m.priority')} AS priority, m.count,
           ${ISO('m.first_seen')} AS first_seen, ${ISO('m.last_seen')} AS last_seen,
           ${GROUP_TRIAGE_COLUMNS('g')}`)} AS j,
         ${ISO('m.last_seen')} AS t, g.id AS k
       ${from}
       ORDER BY m.last_seen ${dir}, g.id ${dir}
       LIMIT ${p.add(query.limit + 1, 'int')}`,
      p.values,
    );
    return page(rows, query.limit, query.order, (k) => String(k));
  }

  private async statsIn(
    db: Query,
    scope: TenantScope,
    query: StatsQuery,
    now: Date,
  ): Promise<Stats> {
    // One after another: a team's reads share one connection (its RLS transaction).
    const window = await this.histogramWindow(db, scope, query, now);
    const { dims, histogram } = await this.countByDimension(
      db,
      scope,
      query.filter,
      window.bucketMs,
    );
    const tags = await this.countByTag(db, scope, query.filter, query.top);
    const top = (dim: string) =>
      (dims.get(dim) ?? [])
        .sort((a, b) => b.count - a.count || String(a.value).localeCompare(String(b.value)))
        .slice(0, query.top);
    return {
      total: dims.get('total')?.[0]?.count ?? 0,
      by_priority: bySeverity(dims.get('priority') ?? []),
      by_rule: top('rule'),
      by_source: top('source'),
      by_hostname: top('hostname'),
      by_tag: tags,
      by_cluster: top('cluster'),
      by_namespace: top('namespace'),
      by_boundary: top('boundary'),
      histogram: histogramOf(window, histogram),
    };
  }

  /**
   * Every count of the answer but the tags in one pass over the matching events: each dimension,
   * and the histogram as (bucket, priority) — the stacked chart of the Overview.
   */
  private async countByDimension(
    db: Query,
    scope: TenantScope,
    filter: EventFilter,
    bucketMs: number,
  ) {
    const p = new SqlParams();
    const bucket = `date_bin(${p.add(`${bucketMs / 1000} seconds`, 'interval')}, e.event_time, TIMESTAMPTZ '2000-01-01 00:00:00+00')`;
    const where = whereClause(filterConditions(filter, p, scope));
    // The subquery (kept apart by OFFSET 0) hides event_time's many distinct values from the
    // planner, which would otherwise expect a group per event for (bucket, priority) and sort the
    // whole window instead of hashing it (×2 for all-time stats at 200 k events).
    const rows = await db<DimensionRow>(
      `SELECT CASE
           WHEN GROUPING(d.bucket) = 0 THEN 'histogram'
           WHEN GROUPING(d.priority) = 0 THEN 'priority' WHEN GROUPING(d.rule) = 0 THEN 'rule'
           WHEN GROUPING(d.source) = 0 THEN 'source' WHEN GROUPING(d.hostname) = 0 THEN 'hostname'
           WHEN GROUPING(d.cluster) = 0 THEN 'cluster' WHEN GROUPING(d.namespace) = 0 THEN 'namespace'
           WHEN GROUPING(d.boundary) = 0 THEN 'boundary' ELSE 'total' END AS dim,
         coalesce(${PRIORITY_NAME('d.priority')}, d.rule, d.source, d.hostname, d.cluster,
           d.namespace, d.boundary) AS value,
         ${ISO('d.bucket')} AS start,
         count(*) AS count
       FROM (
         SELECT e.priority, e.rule, e.source, e.hostname, e.cluster, e.namespace, e.boundary,
           ${bucket} AS bucket
         FROM events e ${where} OFFSET 0
       ) d
       GROUP BY GROUPING SETS ((), (d.priority), (d.rule), (d.source), (d.hostname), (d.cluster),
         (d.namespace), (d.boundary), (d.bucket, d.priority))`,
      p.values,
    );
    const dims = new Map<string, Count[]>();
    const histogram: HistogramCount[] = [];
    for (const r of rows) {
      const count = { value: r.value, count: Number(r.count) };
      if (r.start !== null) {
        histogram.push({ ...count, start: r.start });
        continue;
      }
      const list = dims.get(r.dim) ?? [];
      list.push(count);
      dims.set(r.dim, list);
    }
    return { dims, histogram };
  }

  private async countByTag(db: Query, scope: TenantScope, filter: EventFilter, top: number) {
    const p = new SqlParams();
    const where = whereClause(filterConditions(filter, p, scope));
    const rows = await db<{ value: string; count: string | number }>(
      `SELECT t AS value, count(*) AS count
       FROM events e CROSS JOIN LATERAL unnest(e.tags) AS t ${where}
       GROUP BY t ORDER BY count(*) DESC, t LIMIT ${p.add(top, 'int')}`,
      p.values,
    );
    return rows.map((r) => ({ value: r.value, count: Number(r.count) }));
  }

  /** The histogram's range and bucket width: asked for, or the range of the matching events. */
  private async histogramWindow(
    db: Query,
    scope: TenantScope,
    query: StatsQuery,
    now: Date,
  ): Promise<HistogramWindow> {
    const { filter } = query;
    let from = filter.since?.getTime();
    let to = filter.until?.getTime();
    if (from === undefined || to === undefined) {
      // The range of the matching events: the histogram covers every one of them.
      const p = new SqlParams();
      const where = whereClause(filterConditions(filter, p, scope));
      const [row] = await db<{ min: string | null; max: string | null }>(
        `SELECT ${ISO('min(e.event_time)')} AS min, ${ISO('max(e.event_time)')} AS max FROM events e ${where}`,
        p.values,
      );
      from ??= row?.min ? Date.parse(row.min) : now.getTime();
      to ??= Math.max(now.getTime(), row?.max ? Date.parse(row.max) + 1 : 0);
    }
    const span = Math.max(to - from, 1000);
    if (query.bucketMs !== undefined && span / query.bucketMs > MAX_BUCKETS) {
      throw ApiError.invalid('invalid_query', [
        {
          field: 'bucket',
          message: `gives more than ${MAX_BUCKETS} buckets for this time range; choose a larger one`,
        },
      ]);
    }
    const bucketMs =
      query.bucketMs ??
      NICE_BUCKETS_MS.find((b) => span / b <= TARGET_BUCKETS) ??
      Math.ceil(span / TARGET_BUCKETS / 86_400_000) * 86_400_000;
    return { from, to, bucketMs };
  }
}

interface HistogramWindow {
  from: number;
  to: number;
  bucketMs: number;
}

interface DimensionRow {
  dim: string;
  value: string | null;
  start: string | null;
  count: string | number;
}

interface Count {
  value: string | null;
  count: number;
}

/** Events of one priority (`value`) in the bucket starting at `start`. */
interface HistogramCount extends Count {
  start: string;
}

/** Most severe first. */
function bySeverity<T extends { value: string | null }>(counts: T[]): T[] {
  const rank = (v: string | null) => PRIORITIES.indexOf(v as Priority);
  return counts.sort((a, b) => rank(a.value) - rank(b.value));
}

/** Every bucket of the window, empty ones too; per bucket the priorities that occur in it. */
function histogramOf(window: HistogramWindow, rows: HistogramCount[]): Stats['histogram'] {
  const { from, to, bucketMs } = window;
  const byStart = new Map<
    number,
    { count: number; by_priority: Partial<Record<Priority, number>> }
  >();
  for (const r of bySeverity(rows)) {
    const t = Date.parse(r.start);
    const bucket = byStart.get(t) ?? { count: 0, by_priority: {} };
    bucket.count += r.count;
    bucket.by_priority[r.value as Priority] = r.count;
    byStart.set(t, bucket);
  }
  const origin = Date.UTC(2000, 0, 1);
  const first = origin + Math.floor((from - origin) / bucketMs) * bucketMs;
  const buckets: Stats['histogram']['buckets'] = [];
  for (let t = first; t < to && buckets.length < MAX_BUCKETS; t += bucketMs) {
    buckets.push({
      start: new Date(t).toISOString(),
      ...(byStart.get(t) ?? { count: 0, by_priority: {} }),
    });
  }
  return { bucket: formatDuration(bucketMs), buckets };
}

/**
 * `FROM … WHERE …` of a groups read: `m` holds each group's count, worst priority and times (over
 * the matching events), `g` the group. Without event filters the maintained totals in
 * alert_groups answer without scanning events; a group lies wholly inside or outside a scope
 * (its fingerprint has cluster and namespace). Status and assignee are the group's own.
 */
function groupsFrom(
  scope: TenantScope,
  filter: GroupFilter,
  p: SqlParams,
  extra: string[],
): string {
  const unfiltered = filterConditions(filter.filter, new SqlParams(), ALL).length === 0;
  const tenant = unfiltered ? scopeCondition(scope, p, 'ag') : undefined;
  const where = unfiltered ? [] : filterConditions(filter.filter, p, scope);
  const source = unfiltered
    ? `SELECT id AS group_id, count, priority, first_seen, last_seen FROM alert_groups ag
       ${tenant ? `WHERE ${tenant}` : ''}`
    : `SELECT e.group_id, count(*) AS count, min(e.priority) AS priority,
           min(e.event_time) AS first_seen, max(e.event_time) AS last_seen
         FROM events e ${whereClause(where)} GROUP BY e.group_id`;
  const triage = [...extra];
  if (filter.statuses) triage.push(`g.status = ANY(${p.add(filter.statuses, 'text[]')})`);
  if (filter.assignee !== undefined) {
    triage.push(
      filter.assignee === null
        ? 'g.assignee IS NULL'
        : `g.assignee = ${p.add(filter.assignee, 'text')}`,
    );
  }
  return `FROM (${source}) m JOIN alert_groups g ON g.id = m.group_id ${whereClause(triage)}`;
}

function page(
  rows: PageRow[],
  limit: number,
  order: 'asc' | 'desc',
  key: (k: string | number) => string | number,
): string {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  const next =
    rows.length > limit && last ? encodeCursor({ t: last.t, k: key(last.k), o: order }) : null;
  return `{"items":[${items.map((r) => r.j).join(',')}],"next_cursor":${JSON.stringify(next)}}`;
}
