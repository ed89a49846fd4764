import { z } from 'zod';
import { BOUNDARIES, type Boundary } from './boundary.js';
import { formatPath, type Issue } from './errors.js';
import { parseDuration, parseRfc3339 } from './duration.js';
import { PRIORITY_NAMES_HELP, parsePriority, type Priority } from './priority.js';
import { GROUP_STATUSES, type GroupStatus } from './triage-status.js';

export const MAX_LIMIT = 1000;
export const DEFAULT_LIMIT = 100;

/** A query string as HTTP frameworks give it: repeated keys become arrays. */
export type RawQuery = Record<string, string | string[] | undefined>;

/** Filters shared by events, groups and stats, resolved to absolute values. */
export interface EventFilter {
  priorities?: Priority[];
  minPriority?: Priority;
  rules?: string[];
  sources?: string[];
  hostnames?: string[];
  clusters?: string[];
  namespaces?: string[];
  boundaries?: Boundary[];
  tags?: string[];
  tagsMatch: 'all' | 'any';
  since?: Date;
  until?: Date;
  q?: string;
  /** `field[proc.name]=bash` → { 'proc.name': ['bash'] }; several values match any. */
  fields: Record<string, string[]>;
}

export interface EventListQuery {
  filter: EventFilter;
  /**
   * `time`: by event time (then seq) — what people read. `seq`: by commit order — what readers
   * that must never miss an event follow (a late event with an old time still comes after).
   */
  sort: 'time' | 'seq';
  order: 'desc' | 'asc';
  limit: number;
  cursor?: string;
}

/** What `GET /api/v1/groups` and bulk triage select groups by: event filters plus triage state. */
export interface GroupFilter {
  filter: EventFilter;
  /** Any of these statuses. */
  statuses?: GroupStatus[];
  /** A username, or null for groups assigned to nobody (`assignee=none`). */
  assignee?: string | null;
}

export type GroupListQuery = EventListQuery & Omit<GroupFilter, 'filter'>;

export interface StatsQuery {
  filter: EventFilter;
  /** Histogram bucket in ms; undefined = automatic. */
  bucketMs?: number;
  top: number;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; issues: Issue[] };

/** Names of the list filters and their query-string keys. */
const LIST_KEYS = ['rule', 'source', 'hostname', 'cluster', 'namespace', 'tags'] as const;
const FIELD_KEY = /^field\[(.+)\]$/;
const KNOWN_KEYS = new Set([
  ...LIST_KEYS,
  'priority',
  'min_priority',
  'boundary',
  'tags_match',
  'since',
  'until',
  'q',
]);
const LIST_QUERY_KEYS = new Set(['sort', 'order', 'limit', 'cursor']);
const GROUP_KEYS = ['status', 'assignee'];
const STATS_QUERY_KEYS = new Set(['bucket', 'top']);

function values(raw: RawQuery, key: string): string[] {
  const v = raw[key];
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

/**
 * Values of a list filter. Repeated keys are OR'ed; all but `rule` also split on commas (rule
 * names may contain commas; hostnames, namespaces, tags and sources cannot).
 */
function list(raw: RawQuery, key: string): string[] | undefined {
  const all = values(raw, key).flatMap((v) => (key === 'rule' ? [v] : v.split(',')));
  const out = all.map((v) => v.trim()).filter((v) => v !== '');
  return out.length > 0 ? out : undefined;
}

function single(raw: RawQuery, key: string, issues: Issue[]): string | undefined {
  const v = values(raw, key);
  if (v.length > 1) issues.push({ field: key, message: 'must be given once' });
  const s = v[0]?.trim();
  return s === '' ? undefined : s;
}

function parseTime(text: string, now: number): Date | undefined {
  const rel = parseDuration(text);
  if (rel !== undefined) return new Date(now - rel);
  const abs = parseRfc3339(text);
  return abs === undefined ? undefined : new Date(abs.ms);
}

export function parseEventFilter(
  raw: RawQuery,
  issues: Issue[],
  now = Date.now(),
  extraKeys: ReadonlySet<string> = new Set(),
): EventFilter {
  const filter: EventFilter = { tagsMatch: 'all', fields: {} };
  for (const key of Object.keys(raw)) {
    if (key.includes('\u0000') || values(raw, key).some((v) => v.includes('\u0000'))) {
      issues.push({
        field: key.split('\u0000').join('\\0'),
        message: 'must not contain U+0000 (NUL)',
      });
      continue;
    }
    const fieldMatch = FIELD_KEY.exec(key);
    if (fieldMatch?.[1] !== undefined) {
      filter.fields[fieldMatch[1]] = values(raw, key);
      continue;
    }
    if (!KNOWN_KEYS.has(key) && !extraKeys.has(key)) {
      issues.push({ field: key, message: 'unknown query parameter' });
    }
  }
  const priorities = list(raw, 'priority');
  if (priorities) {
    filter.priorities = [];
    for (const p of priorities) {
      const parsed = parsePriority(p);
      if (parsed) filter.priorities.push(parsed);
      else
        issues.push({ field: 'priority', message: `"${p}" is not one of ${PRIORITY_NAMES_HELP}` });
    }
  }
  const min = single(raw, 'min_priority', issues);
  if (min !== undefined) {
    const parsed = parsePriority(min);
    if (parsed) filter.minPriority = parsed;
    else issues.push({ field: 'min_priority', message: `must be one of ${PRIORITY_NAMES_HELP}` });
  }
  filter.rules = list(raw, 'rule');
  filter.sources = list(raw, 'source');
  filter.hostnames = list(raw, 'hostname');
  filter.clusters = list(raw, 'cluster');
  filter.namespaces = list(raw, 'namespace');
  filter.tags = list(raw, 'tags');
  const boundaries = list(raw, 'boundary');
  if (boundaries) {
    filter.boundaries = [];
    for (const b of boundaries) {
      if ((BOUNDARIES as readonly string[]).includes(b)) filter.boundaries.push(b as Boundary);
      else
        issues.push({
          field: 'boundary',
          message: `"${b}" is not one of ${BOUNDARIES.join(', ')}`,
        });
    }
  }
  const match = single(raw, 'tags_match', issues);
  if (match !== undefined) {
    if (match === 'all' || match === 'any') filter.tagsMatch = match;
    else issues.push({ field: 'tags_match', message: 'must be "all" or "any"' });
  }
  for (const key of ['since', 'until'] as const) {
    const text = single(raw, key, issues);
    if (text === undefined) continue;
    const t = parseTime(text, now);
    if (t) filter[key] = t;
    else
      issues.push({
        field: key,
        message:
          'must be an RFC 3339 time (2026-05-01T10:00:00Z) or a duration ago (30s, 15m, 2h, 7d, 1w)',
      });
  }
  const q = single(raw, 'q', issues);
  if (q !== undefined) {
    if (q.length > 500) issues.push({ field: 'q', message: 'must be at most 500 characters' });
    else filter.q = q;
  }
  for (const [name, vals] of Object.entries(filter.fields)) {
    if (vals.length === 0 || vals.some((v) => v.length > 4096)) {
      issues.push({
        field: formatPath('field', [name]),
        message: 'needs a value of at most 4096 characters',
      });
    }
  }
  return filter;
}

const LimitSchema = z.coerce.number().int().min(1).max(MAX_LIMIT);

export function parseEventListQuery(raw: RawQuery, now = Date.now()): Parsed<EventListQuery> {
  const issues: Issue[] = [];
  const filter = parseEventFilter(raw, issues, now, LIST_QUERY_KEYS);
  const query = listQuery(raw, filter, issues);
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: query };
}

/** `GET /api/v1/groups`: the events' filters and paging, plus `status` and `assignee`. */
export function parseGroupListQuery(raw: RawQuery, now = Date.now()): Parsed<GroupListQuery> {
  const issues: Issue[] = [];
  const filter = parseEventFilter(raw, issues, now, new Set([...LIST_QUERY_KEYS, ...GROUP_KEYS]));
  const query = { ...listQuery(raw, filter, issues), ...groupKeys(raw, issues) };
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: query };
}

/** The filter keys of `GET /api/v1/groups` without paging (bulk triage on a filter). */
export function parseGroupFilter(raw: RawQuery, now = Date.now()): Parsed<GroupFilter> {
  const issues: Issue[] = [];
  const filter = parseEventFilter(raw, issues, now, new Set(GROUP_KEYS));
  const value = { filter, ...groupKeys(raw, issues) };
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value };
}

function groupKeys(raw: RawQuery, issues: Issue[]): Omit<GroupFilter, 'filter'> {
  const out: Omit<GroupFilter, 'filter'> = {};
  const statuses = list(raw, 'status');
  if (statuses) {
    out.statuses = [];
    for (const s of statuses) {
      if ((GROUP_STATUSES as readonly string[]).includes(s)) out.statuses.push(s as GroupStatus);
      else
        issues.push({
          field: 'status',
          message: `"${s}" is not one of ${GROUP_STATUSES.join(', ')}`,
        });
    }
  }
  const assignee = single(raw, 'assignee', issues);
  // `none` asks for the unassigned (it shadows a user of that name; docs/api.md says so).
  if (assignee !== undefined) out.assignee = assignee === 'none' ? null : assignee;
  return out;
}

function listQuery(raw: RawQuery, filter: EventFilter, issues: Issue[]): EventListQuery {
  const sort = single(raw, 'sort', issues) ?? 'time';
  if (sort !== 'time' && sort !== 'seq')
    issues.push({ field: 'sort', message: 'must be "time" or "seq"' });
  const order = single(raw, 'order', issues) ?? 'desc';
  if (order !== 'desc' && order !== 'asc')
    issues.push({ field: 'order', message: 'must be "desc" or "asc"' });
  let limit = DEFAULT_LIMIT;
  const limitText = single(raw, 'limit', issues);
  if (limitText !== undefined) {
    const parsed = LimitSchema.safeParse(limitText);
    if (parsed.success) limit = parsed.data;
    else issues.push({ field: 'limit', message: `must be an integer from 1 to ${MAX_LIMIT}` });
  }
  const cursor = single(raw, 'cursor', issues);
  return {
    filter,
    sort: sort as 'time' | 'seq',
    order: order as 'desc' | 'asc',
    limit,
    ...(cursor !== undefined ? { cursor } : {}),
  };
}

export function parseStatsQuery(raw: RawQuery, now = Date.now()): Parsed<StatsQuery> {
  const issues: Issue[] = [];
  const filter = parseEventFilter(raw, issues, now, STATS_QUERY_KEYS);
  let bucketMs: number | undefined;
  const bucket = single(raw, 'bucket', issues);
  if (bucket !== undefined && bucket !== 'auto') {
    bucketMs = parseDuration(bucket);
    if (bucketMs === undefined || bucketMs < 1000) {
      issues.push({ field: 'bucket', message: 'must be "auto" or a duration such as 1m, 1h, 1d' });
    }
  }
  let top = 20;
  const topText = single(raw, 'top', issues);
  if (topText !== undefined) {
    const parsed = z.coerce.number().int().min(1).max(1000).safeParse(topText);
    if (parsed.success) top = parsed.data;
    else issues.push({ field: 'top', message: 'must be an integer from 1 to 1000' });
  }
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, value: { filter, top, ...(bucketMs !== undefined ? { bucketMs } : {}) } };
}
