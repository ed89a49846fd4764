import { StatsSchema, type Stats } from '@aerie/contracts';
import { describe, expect, it } from 'vitest';
import {
  boundaryCounts,
  bucketFilter,
  bucketLabel,
  chartLabel,
  DIMENSIONS,
  eventsHref,
  histogramLabel,
  histogramView,
  narrowTo,
  overviewFilter,
  priorityCounts,
  slicesOf,
  statsPath,
  type Dimension,
} from './overview.view';

const STATS: Stats = {
  total: 6,
  by_priority: [
    { value: 'Critical', count: 1 },
    { value: 'Warning', count: 5 },
  ],
  by_rule: [{ value: 'Terminal shell in container', count: 6 }],
  by_source: [{ value: 'syscall', count: 6 }],
  by_hostname: [
    { value: 'node-1', count: 4 },
    { value: null, count: 2 },
  ],
  by_tag: [{ value: 'shell', count: 6 }],
  by_cluster: [{ value: 'prod', count: 6 }],
  by_namespace: [{ value: 'payments', count: 6 }],
  by_boundary: [
    { value: 'host', count: 5 },
    { value: 'network', count: 1 },
  ],
  histogram: {
    bucket: '1h',
    buckets: [
      { start: '2026-05-01T10:00:00.000Z', count: 4, by_priority: { Critical: 1, Warning: 3 } },
      { start: '2026-05-01T11:00:00.000Z', count: 0, by_priority: {} },
      { start: '2026-05-01T12:00:00.000Z', count: 2, by_priority: { Warning: 2 } },
    ],
  },
};

const dimension = (key: Dimension['key']): Dimension => DIMENSIONS.find((d) => d.key === key)!;

describe('overview filter and stats path', () => {
  it('keeps the filter keys of the URL and defaults the range to the last 24 h', () => {
    const search = new URLSearchParams('namespace=payments&cols=rule');
    expect(overviewFilter(search).toString()).toBe('namespace=payments&since=24h');
    expect(overviewFilter(new URLSearchParams('until=2026-05-01T00:00:00Z')).get('since')).toBe(
      null,
    );
  });

  it('asks the stats endpoint with the same keys, for the top 10 of each dimension', () => {
    const filter = new URLSearchParams('priority=Critical&priority=Error&since=1h');
    expect(statsPath(filter)).toBe(
      '/api/v1/stats?priority=Critical&priority=Error&since=1h&top=10',
    );
  });
});

describe('narrowTo (a click on a slice)', () => {
  const filter = new URLSearchParams('namespace=a&namespace=b&since=24h');

  it('adds the value to the current filter', () => {
    expect(narrowTo(filter, 'cluster', 'prod').toString()).toBe(
      'namespace=a&namespace=b&since=24h&cluster=prod',
    );
  });

  it('replaces the other values of the same key: a slice is one value', () => {
    expect(narrowTo(filter, 'namespace', 'a').getAll('namespace')).toEqual(['a']);
  });

  it('adds one more tag when tags must all match, and replaces them when any may', () => {
    const all = new URLSearchParams('tags=container');
    expect(narrowTo(all, 'tags', 'shell').getAll('tags')).toEqual(['container', 'shell']);
    const any = new URLSearchParams('tags=container&tags_match=any');
    const narrowed = narrowTo(any, 'tags', 'shell');
    expect(narrowed.getAll('tags')).toEqual(['shell']);
    expect(narrowed.has('tags_match')).toBe(false);
  });

  it('links to the Events view with that filter', () => {
    expect(eventsHref(narrowTo(filter, 'priority', 'Critical'))).toBe(
      '#/events?namespace=a&namespace=b&since=24h&priority=Critical',
    );
  });
});

describe('slices', () => {
  const filter = new URLSearchParams('since=24h');

  it('lists every priority, most severe first; only the non-empty ones link', () => {
    const slices = slicesOf(STATS, dimension('priority'), filter);
    expect(slices.map((s) => [s.label, s.count])).toEqual([
      ['Emergency', 0],
      ['Alert', 0],
      ['Critical', 1],
      ['Error', 0],
      ['Warning', 5],
      ['Notice', 0],
      ['Informational', 0],
      ['Debug', 0],
    ]);
    expect(slices[2]).toEqual({
      value: 'Critical',
      label: 'Critical',
      count: 1,
      color: 'red.6',
      href: '#/events?since=24h&priority=Critical',
    });
    expect(slices[0]!.href).toBeNull();
  });

  it('names the boundaries and always shows the three of them', () => {
    const slices = slicesOf(STATS, dimension('boundary'), filter);
    expect(slices.map((s) => [s.label, s.count, s.href])).toEqual([
      ['Control plane', 0, null],
      ['Host', 5, '#/events?since=24h&boundary=host'],
      ['Network', 1, '#/events?since=24h&boundary=network'],
    ]);
    expect(boundaryCounts([{ value: 'unknown', count: 2 }]).map((b) => b.boundary)).toEqual([
      'control-plane',
      'host',
      'network',
      'unknown',
    ]);
  });

  it('keeps the server order of the top values and does not link events without a value', () => {
    const slices = slicesOf(STATS, dimension('hostname'), filter);
    expect(slices.map((s) => [s.label, s.href])).toEqual([
      ['node-1', '#/events?since=24h&hostname=node-1'],
      ['(none)', null],
    ]);
  });

  it('counts unknown and aliased priority names once, under the canonical name', () => {
    expect(
      priorityCounts([
        { value: 'info', count: 2 },
        { value: 'Informational', count: 1 },
        { value: 'Bogus', count: 4 },
        { value: null, count: 9 },
      ]).find((p) => p.priority === 'Informational'),
    ).toEqual({ priority: 'Informational', count: 3 });
  });

  it('names a chart with the numbers it shows', () => {
    const slices = slicesOf(STATS, dimension('priority'), filter);
    expect(chartLabel('Events by priority', slices)).toBe(
      'Events by priority: Critical 1, Warning 5',
    );
    expect(chartLabel('Events by priority', [])).toBe('Events by priority: none');
  });
});

describe('histogram', () => {
  it('is fed fixtures the API contract accepts', () => {
    expect(StatsSchema.safeParse(STATS).success).toBe(true);
  });

  it('gives one row per bucket and one stacked series per priority that occurs', () => {
    const view = histogramView(STATS.histogram);
    expect(view.bucketMs).toBe(3_600_000);
    expect(view.series).toEqual([
      { name: 'Critical', color: 'red.6' },
      { name: 'Warning', color: 'yellow.6' },
    ]);
    expect(view.rows).toEqual([
      { start: '2026-05-01T10:00:00.000Z', label: '10:00', total: 4, Critical: 1, Warning: 3 },
      { start: '2026-05-01T11:00:00.000Z', label: '11:00', total: 0 },
      { start: '2026-05-01T12:00:00.000Z', label: '12:00', total: 2, Warning: 2 },
    ]);
  });

  it('labels buckets by their width and the span of the chart (UTC)', () => {
    const start = '2026-05-01T10:05:30.000Z';
    expect(bucketLabel(start, 3_600_000, false)).toBe('10:05');
    expect(bucketLabel(start, 3_600_000, true)).toBe('05-01 10:05');
    expect(bucketLabel(start, 10_000, false)).toBe('10:05:30');
    expect(bucketLabel(start, 86_400_000, true)).toBe('2026-05-01');
  });

  it('turns a bucket into the time range of the Events view, keeping the other filters', () => {
    const filter = new URLSearchParams('namespace=payments&since=24h');
    const range = bucketFilter(filter, '2026-05-01T10:00:00.000Z', 3_600_000);
    expect(range?.toString()).toBe(
      'namespace=payments&since=2026-05-01T10%3A00%3A00.000Z&until=2026-05-01T11%3A00%3A00.000Z',
    );
    expect(bucketFilter(filter, '2026-05-01T10:00:00.000Z', undefined)).toBeUndefined();
    expect(histogramView({ bucket: '1500ms', buckets: [] }).bucketMs).toBeUndefined();
  });

  it('names the histogram with its total, bucket width and peak', () => {
    const view = histogramView(STATS.histogram);
    expect(histogramLabel(6, '1h', view.rows)).toBe(
      'Events over time by priority, 6 in 3 buckets of 1h; peak 4 at 2026-05-01 10:00 UTC',
    );
    expect(histogramLabel(0, '1h', [])).toBe('Events over time by priority, 0 in 0 buckets of 1h');
  });
});
