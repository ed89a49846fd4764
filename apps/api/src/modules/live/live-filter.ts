import { priorityRank, type EventFilter, type LiveEvent } from '@aerie/contracts';
import { isRawNumber, stringifyLossless } from '@aerie/detectors';
import type { TeamScope, TenantScope } from '../access/tenant-scope.js';

/** A committed event as the live stream matches it (read by LiveFeed). */
export interface LiveRow {
  event: LiveEvent;
  /** `event_time` in µs since the epoch: the column's precision. */
  timeUs: number;
  /** `output_fields`, parsed losslessly (numbers beyond a double as raw-number markers). */
  fields: Readonly<Record<string, unknown>>;
  /** Whether each subscribed full-text query (`q`) matches: decided by Postgres itself. */
  search: ReadonlyMap<string, boolean>;
}

export type RowMatcher = (row: LiveRow) => boolean;

/**
 * The filter and the tenant scope as a predicate over one event, with the exact semantics of
 * filterConditions (event-filter.sql.ts) and scopeCondition (tenant-scope.ts): a golden test
 * compares both over the Falco corpus. Full-text search is the one part not re-implemented:
 * Postgres' text-search parser decides it (see LiveRow.search).
 */
export function rowMatcher(filter: EventFilter, scope: TenantScope): RowMatcher {
  const tests: RowMatcher[] = [];
  if (!scope.all) {
    const visible = scopeTest(scope);
    tests.push((r) => visible(r.event.cluster, r.event.namespace));
  }
  if (filter.priorities) {
    const names = new Set<string>(filter.priorities);
    tests.push((r) => names.has(r.event.priority));
  }
  const { minPriority } = filter;
  if (minPriority) {
    const rank = priorityRank(minPriority);
    tests.push((r) => priorityRank(r.event.priority) <= rank);
  }
  const lists = [
    ['rule', filter.rules],
    ['source', filter.sources],
    ['hostname', filter.hostnames],
    ['cluster', filter.clusters],
    ['namespace', filter.namespaces],
    ['boundary', filter.boundaries],
  ] as const;
  for (const [column, values] of lists) {
    if (!values) continue;
    const allowed = new Set<string>(values);
    // `NULL = x` is not true: an event without the column never matches.
    tests.push((r) => {
      const value = r.event[column];
      return value !== null && allowed.has(value);
    });
  }
  const { tags } = filter;
  if (tags) {
    tests.push(
      filter.tagsMatch === 'all'
        ? (r) => tags.every((t) => r.event.tags.includes(t))
        : (r) => tags.some((t) => r.event.tags.includes(t)),
    );
  }
  if (filter.since) {
    const sinceUs = filter.since.getTime() * 1000;
    tests.push((r) => r.timeUs >= sinceUs);
  }
  if (filter.until) {
    const untilUs = filter.until.getTime() * 1000;
    tests.push((r) => r.timeUs < untilUs);
  }
  const { q } = filter;
  if (q !== undefined) tests.push((r) => r.search.get(q) === true);
  for (const [name, values] of Object.entries(filter.fields)) {
    tests.push(
      (r) => Object.hasOwn(r.fields, name) && values.some((v) => fieldMatches(r.fields[name], v)),
    );
  }
  return (row) => tests.every((test) => test(row));
}

/** Whether a reader with `scope` may see what belongs to `cluster`/`namespace` (groups, deliveries). */
export function visibleIn(
  scope: TenantScope,
  cluster: string | null,
  namespace: string | null,
): boolean {
  return scope.all || scopeTest(scope)(cluster, namespace);
}

/** scopeCondition's alternatives: a team's namespaces, and its clusters' events without one. */
function scopeTest(
  scope: TeamScope,
): (cluster: string | null, namespace: string | null) => boolean {
  const selectors = scope.selectors.map((s) => ({
    cluster: globTest(s.cluster),
    namespace: globTest(s.namespace),
  }));
  const clusterWide = scope.clusterWide.map(globTest);
  return (cluster, namespace) =>
    namespace !== null
      ? selectors.some((s) => s.cluster(cluster) && s.namespace(namespace))
      : clusterWide.some((c) => c(cluster));
}

/**
 * A glob as scopeCondition writes it: `*` alone is no condition (NULL passes), other globs are
 * LIKE patterns (`*` any run, `?` one character, case-sensitive), plain names are `=`.
 */
function globTest(glob: string): (value: string | null) => boolean {
  if (glob === '*') return () => true;
  if (!/[*?]/.test(glob)) return (value) => value === glob;
  const source = [...glob]
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.|+()[\]{}/]/g, '\\$&')))
    .join('');
  const pattern = new RegExp(`^${source}$`, 'su');
  return (value) => value !== null && pattern.test(value);
}

/**
 * `output_fields @> {"name": <doc>}` for the documents event-filter.sql.ts builds from `value`:
 * the same string; the same number for a plain decimal (numeric equality: 42 = 42.0); the JSON
 * literal for true, false, null. Containment below the top level compares like with like, so an
 * array or object never contains a scalar here.
 */
function fieldMatches(stored: unknown, value: string): boolean {
  if (typeof stored === 'number' || isRawNumber(stored)) {
    if (!DECIMAL.test(value)) return false;
    return canonicalNumber(stringifyLossless(stored)) === canonicalNumber(value);
  }
  if (typeof stored === 'string') return stored === value;
  if (typeof stored === 'boolean') return value === String(stored);
  return stored === null && value === 'null';
}

/** event-filter.sql.ts's DECIMAL: the values it also compares as numbers. */
const DECIMAL = /^-?(?:0|[1-9]\d{0,38})(?:\.\d{1,38})?$/;
const NUMBER = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/** A number's value as `[-]digits e exponent` without redundant zeros: equal values, equal text. */
function canonicalNumber(text: string): string | undefined {
  const m = NUMBER.exec(text);
  if (!m) return undefined;
  const fraction = m[3] ?? '';
  const all = `${m[2]}${fraction}`.replace(/^0+/, '');
  if (all === '') return '0';
  const digits = all.replace(/0+$/, '');
  const exponent = Number(m[4] ?? 0) - fraction.length + (all.length - digits.length);
  return `${m[1]}${digits}e${exponent}`;
}
