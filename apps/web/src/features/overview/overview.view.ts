import {
  BOUNDARIES,
  parseDuration,
  parsePriority,
  PRIORITIES,
  type Boundary,
  type Priority,
  type Stats,
} from '@aerie/contracts';
import {
  filterOf,
  withQuery,
  withTimeRange,
  type ListFilterKey,
} from '../../shared/filter/filter-params';
import { formatCount } from '../../shared/format';
import { routeHref } from '../../shared/route';
import { PRIORITY_COLORS } from '../../shared/theme';

/** Values per card: enough to see the top of each dimension without scrolling the page. */
export const TOP_VALUES = 10;

/** What the Overview summarises: the URL's filter, over the last 24 h unless it names a range. */
export function overviewFilter(search: URLSearchParams): URLSearchParams {
  return withTimeRange(filterOf(search));
}

/** `GET /api/v1/stats` for the filter: every chart of the page comes from this one answer. */
export function statsPath(filter: URLSearchParams): string {
  const query = new URLSearchParams(filter);
  query.set('top', String(TOP_VALUES));
  return withQuery('/api/v1/stats', query);
}

/**
 * The filter narrowed to events whose `key` is `value` — what a click on a slice means. One value
 * replaces the others of its key (a slice is one value), except tags matched with `all`, where one
 * more tag is what the slice counted (events with the filter's tags and this one).
 */
export function narrowTo(
  filter: URLSearchParams,
  key: ListFilterKey,
  value: string,
): URLSearchParams {
  const out = new URLSearchParams(filter);
  const matchAll = (out.get('tags_match') ?? 'all') === 'all';
  if (key === 'tags' && matchAll) {
    if (!out.getAll('tags').includes(value)) out.append('tags', value);
    return out;
  }
  out.delete(key);
  if (key === 'tags') out.delete('tags_match');
  out.append(key, value);
  return out;
}

/** The Events view over `filter`, as a hash link. */
export function eventsHref(filter: URLSearchParams): string {
  return routeHref({ page: 'events' }, filter);
}

// ---- count cards -------------------------------------------------------------------------

export interface Slice {
  /** The API's value; null for events without one (not filterable, so not a link). */
  value: string | null;
  label: string;
  count: number;
  /** Mantine colour for charts and bars. */
  color: string;
  /** The Events view narrowed to this slice; null when there is nothing to show or to filter on. */
  href: string | null;
}

export interface Dimension {
  key: ListFilterKey;
  stat: keyof Omit<Stats, 'total' | 'histogram'>;
  /** Card heading. */
  title: string;
  /** Name of the list (and of the chart, where there is one): `Events by rule`. */
  name: string;
}

/** The count cards, in page order. */
export const DIMENSIONS: readonly Dimension[] = [
  { key: 'priority', stat: 'by_priority', title: 'Priority', name: 'Events by priority' },
  { key: 'boundary', stat: 'by_boundary', title: 'Boundary', name: 'Events by boundary' },
  { key: 'cluster', stat: 'by_cluster', title: 'Clusters', name: 'Events by cluster' },
  { key: 'namespace', stat: 'by_namespace', title: 'Namespaces', name: 'Events by namespace' },
  { key: 'source', stat: 'by_source', title: 'Sources', name: 'Events by source' },
  { key: 'rule', stat: 'by_rule', title: 'Top rules', name: 'Events by rule' },
  { key: 'hostname', stat: 'by_hostname', title: 'Top hosts', name: 'Events by host' },
  { key: 'tags', stat: 'by_tag', title: 'Tags', name: 'Events by tag' },
];

export const BOUNDARY_LABELS: Record<Boundary, string> = {
  'control-plane': 'Control plane',
  host: 'Host',
  network: 'Network',
  unknown: 'Unknown',
};

export const BOUNDARY_COLORS: Record<Boundary, string> = {
  'control-plane': 'violet.6',
  host: 'teal.6',
  network: 'indigo.5',
  unknown: 'gray.5',
};

const BAR_COLOR = 'aerie.5';

export const NONE_LABEL = '(none)';

/** The slices of one card, most relevant first. */
export function slicesOf(stats: Stats, dimension: Dimension, filter: URLSearchParams): Slice[] {
  const counts = stats[dimension.stat];
  const slice = (value: string | null, label: string, count: number, color: string): Slice => ({
    value,
    label,
    count,
    color,
    href: value === null || count === 0 ? null : eventsHref(narrowTo(filter, dimension.key, value)),
  });
  switch (dimension.key) {
    case 'priority':
      return priorityCounts(counts).map(({ priority, count }) =>
        slice(priority, priority, count, PRIORITY_COLORS[priority]),
      );
    case 'boundary':
      return boundaryCounts(counts).map(({ boundary, count }) =>
        slice(boundary, BOUNDARY_LABELS[boundary], count, BOUNDARY_COLORS[boundary]),
      );
    default:
      return counts.map(({ value, count }) => slice(value, value ?? NONE_LABEL, count, BAR_COLOR));
  }
}

export interface PriorityCount {
  priority: Priority;
  count: number;
}

/** Every priority, most severe first, with its count (0 when absent from the stats). */
export function priorityCounts(byPriority: Stats['by_priority']): PriorityCount[] {
  const counts = new Map<Priority, number>();
  for (const { value, count } of byPriority) {
    const p = value === null ? undefined : parsePriority(value);
    if (p) counts.set(p, (counts.get(p) ?? 0) + count);
  }
  return PRIORITIES.map((priority) => ({ priority, count: counts.get(priority) ?? 0 }));
}

/** The three isolation boundaries always (a zero is news too); `unknown` only when it occurs. */
export function boundaryCounts(
  byBoundary: Stats['by_boundary'],
): Array<{ boundary: Boundary; count: number }> {
  const counts = new Map(byBoundary.map(({ value, count }) => [value, count]));
  return BOUNDARIES.map((boundary) => ({ boundary, count: counts.get(boundary) ?? 0 })).filter(
    ({ boundary, count }) => boundary !== 'unknown' || count > 0,
  );
}

/** The chart's accessible name: what it shows, with the numbers a sighted reader would see. */
export function chartLabel(name: string, slices: readonly Slice[]): string {
  const shown = slices.filter((s) => s.count > 0);
  if (shown.length === 0) return `${name}: none`;
  return `${name}: ${shown.map((s) => `${s.label} ${formatCount(s.count)}`).join(', ')}`;
}

// ---- histogram ---------------------------------------------------------------------------

type Bucket = Stats['histogram']['buckets'][number];

export interface HistogramRow extends Partial<Record<Priority, number>> {
  /** Bucket start, RFC 3339 (UTC). */
  start: string;
  /** Axis label. */
  label: string;
  total: number;
}

export interface HistogramView {
  rows: HistogramRow[];
  /** The priorities that occur, most severe first: one stacked series each. */
  series: Array<{ name: Priority; color: string }>;
  /** Bucket width in ms; undefined when the server named one this dashboard cannot read. */
  bucketMs: number | undefined;
}

/** The stacked histogram: one row per bucket, one number per priority that occurs. */
export function histogramView(histogram: Stats['histogram']): HistogramView {
  const bucketMs = parseDuration(histogram.bucket);
  const first = histogram.buckets[0];
  const last = histogram.buckets[histogram.buckets.length - 1];
  const spansDays =
    first !== undefined &&
    last !== undefined &&
    Date.parse(last.start) - Date.parse(first.start) >= 86_400_000;
  const present = new Set<Priority>();
  const rows = histogram.buckets.map((bucket: Bucket) => {
    const row: HistogramRow = {
      start: bucket.start,
      label: bucketLabel(bucket.start, bucketMs, spansDays),
      total: bucket.count,
    };
    for (const p of PRIORITIES) {
      const n = bucket.by_priority[p];
      if (n === undefined) continue;
      row[p] = n;
      present.add(p);
    }
    return row;
  });
  const series = PRIORITIES.filter((p) => present.has(p)).map((name) => ({
    name,
    color: PRIORITY_COLORS[name],
  }));
  return { rows, series, bucketMs };
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** `10:00`, `05-01 10:00` when the chart spans days, `2026-05-01` for day buckets (UTC). */
export function bucketLabel(
  start: string,
  bucketMs: number | undefined,
  spansDays: boolean,
): string {
  const d = new Date(start);
  const date = `${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  if (bucketMs !== undefined && bucketMs >= 86_400_000) return `${d.getUTCFullYear()}-${date}`;
  const time =
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}` +
    (bucketMs !== undefined && bucketMs < 60_000 ? `:${pad(d.getUTCSeconds())}` : '');
  return spansDays ? `${date} ${time}` : time;
}

/** `2026-05-01 10:00` (UTC, seconds when they matter): a bucket in the histogram's table. */
export function bucketTime(start: string): string {
  const d = new Date(start);
  const seconds = d.getUTCSeconds() === 0 ? '' : `:${pad(d.getUTCSeconds())}`;
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}${seconds}`
  );
}

/** A bucket as a time range: `since` its start, `until` (exclusive) the next bucket's start. */
export function bucketRange(
  start: string,
  bucketMs: number | undefined,
): { since: string; until: string } | undefined {
  const t = Date.parse(start);
  if (bucketMs === undefined || Number.isNaN(t)) return undefined;
  return { since: new Date(t).toISOString(), until: new Date(t + bucketMs).toISOString() };
}

/** The filter over one bucket's time range instead of the page's. */
export function bucketFilter(
  filter: URLSearchParams,
  start: string,
  bucketMs: number | undefined,
): URLSearchParams | undefined {
  const range = bucketRange(start, bucketMs);
  if (!range) return undefined;
  const out = new URLSearchParams(filter);
  out.set('since', range.since);
  out.set('until', range.until);
  return out;
}

/** The histogram's accessible name: what it shows and where its numbers are. */
export function histogramLabel(
  total: number,
  bucket: string,
  rows: readonly HistogramRow[],
): string {
  const peak = rows.reduce<HistogramRow | undefined>(
    (best, row) => (best === undefined || row.total > best.total ? row : best),
    undefined,
  );
  const head = `Events over time by priority, ${formatCount(total)} in ${rows.length} buckets of ${bucket}`;
  return peak && peak.total > 0
    ? `${head}; peak ${formatCount(peak.total)} at ${bucketTime(peak.start)} UTC`
    : head;
}
