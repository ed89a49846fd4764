import { describe, expect, it } from 'vitest';
import { apiPath, buildCalls, type Picks } from './calls.js';
import { statementLabel } from './capture.js';
import { buildOrder, chunks, fillChunkSql, timeSpread } from './fill.sql.js';
import { renderPlan, summarisePlan, type ExplainResult } from './plan.js';
import { markdownTable, percentile, toRow } from './summary.js';

const picks: Picks = {
  priority: 'notice',
  ruleRare: 'Rare, rule',
  ruleCommon: 'Common rule',
  ruleCommonHost: 'node-1',
  hostname: 'node-2',
  namespaceRare: 'kafka',
  namespaceCommon: 'kube-system',
  boundaryRare: 'network',
  boundaryCommon: 'host',
  tagsAll: ['container', 'host'],
  tagsAny: ['T1', 'T2'],
  wordRare: 'bindingdeltas',
  wordCommon: 'root',
  procName: 'bash',
  numberField: { name: 'fd.rport', value: '8080' },
  windowSince: '2026-11-12T00:00:00.000Z',
  windowUntil: '2026-11-13T00:00:00.000Z',
};

describe('calls', () => {
  it('builds API paths with repeated keys, brackets and the cursor last', () => {
    const calls = buildCalls(picks);
    const rule = calls.find((c) => c.name === 'rule (rare)');
    expect(rule && apiPath(rule)).toBe('/api/v1/events?limit=100&rule=Rare%2C+rule');
    const field = calls.find((c) => c.name.startsWith('field[fd.rport]'));
    expect(field && apiPath(field, 'abc')).toBe(
      '/api/v1/events?limit=100&field%5Bfd.rport%5D=8080&cursor=abc',
    );
    expect(apiPath({ name: 'stats', endpoint: 'stats', params: {} })).toBe('/api/v1/stats');
    expect(new Set(calls.map((c) => c.name)).size).toBe(calls.length);
    expect(calls.filter((c) => c.followCursors === 20)).toHaveLength(3);
  });
});

describe('fill SQL', () => {
  it('copies seed columns and rewrites ids and times', () => {
    const sql = fillChunkSql(['id', 'event_time', 'time', 'rule', 'payload']);
    expect(sql).toContain('INSERT INTO events ("id", "event_time", "time", "rule", "payload")');
    expect(sql).toMatch(/SELECT gen_random_uuid\(\),\s+r\.et,\s+x\.txt,\s+s\."rule",\s+CASE/);
    expect(() => fillChunkSql(['id', 'time'])).toThrow(/event_time/);
  });

  it('spreads times evenly and chunks a range', () => {
    expect(timeSpread(0, 10_000, 5)).toEqual({ startEpochSeconds: 0, stepSeconds: 2 });
    expect(() => timeSpread(5, 5, 1)).toThrow();
    expect(chunks(5, 2)).toEqual([
      [0, 2],
      [2, 4],
      [4, 5],
    ]);
    expect(chunks(0, 2)).toEqual([]);
  });

  it('builds GIN indexes first', () => {
    const def = (name: string, method: string) => ({ name, def: '', method, first_column: '' });
    expect(
      buildOrder([def('b', 'btree'), def('z', 'gin'), def('a', 'btree'), def('c', 'gin')]).map(
        (d) => d.name,
      ),
    ).toEqual(['c', 'z', 'a', 'b']);
  });
});

const plan: ExplainResult = {
  Plan: {
    'Node Type': 'Limit',
    'Actual Rows': 101,
    'Actual Loops': 1,
    'Shared Hit Blocks': 40,
    'Shared Read Blocks': 2,
    Plans: [
      {
        'Node Type': 'Index Scan',
        'Index Name': 'events_time_idx',
        'Relation Name': 'events',
        'Scan Direction': 'Backward',
        'Actual Rows': 101,
        'Actual Loops': 1,
        'Rows Removed by Filter': 899,
        Filter: '(namespace = ANY (...))',
      },
      {
        'Node Type': 'Seq Scan',
        'Relation Name': 'events',
        'Parallel Aware': true,
        'Actual Rows': 10,
        'Actual Loops': 3,
        'Rows Removed by Filter': 5,
      },
      {
        'Node Type': 'Bitmap Heap Scan',
        'Relation Name': 'events',
        'Actual Rows': 7,
        'Actual Loops': 1,
        'Rows Removed by Index Recheck': 3,
        Plans: [
          {
            'Node Type': 'Bitmap Index Scan',
            'Index Name': 'events_search_idx',
            'Actual Rows': 10,
            'Actual Loops': 1,
          },
        ],
      },
    ],
  },
  'Planning Time': 0.1,
  'Execution Time': 1.25,
};

describe('plans', () => {
  it('names the access paths and counts the rows read from events', () => {
    const s = summarisePlan(plan);
    expect(s.access).toEqual([
      'events_time_idx (backward)',
      'parallel seq scan events',
      'events_search_idx (bitmap)',
    ]);
    expect(s.eventsRowsRead).toBe(1000 + 45 + 10);
    expect(s.seqScanOfEvents).toBe(true);
    expect(s.sharedHit).toBe(40);
    expect(s.executionMs).toBe(1.25);
    const text = renderPlan(plan);
    expect(text).toContain('Index Scan: events_time_idx (backward)  (rows=101, removed=899');
    expect(text).toContain('Parallel Seq Scan on events  (rows=10×3, removed=15');
    expect(text).toContain('execution 1.3 ms');
  });

  it('labels the statements of the query layer', () => {
    expect(statementLabel('SELECT … FROM (SELECT …) m JOIN alert_groups g ON …')).toBe('groups');
    expect(statementLabel('SELECT … GROUP BY GROUPING SETS ((), (e.rule))')).toBe('dimensions');
    expect(statementLabel('SELECT … CROSS JOIN LATERAL unnest(e.tags) AS t')).toBe('tags');
    expect(statementLabel('SELECT to_char(min(e.event_time) …)')).toBe('first event');
    expect(statementLabel('SELECT date_bin($1::interval, e.event_time, …)')).toBe('histogram');
    expect(statementLabel('SELECT … FROM events e ORDER BY e.event_time DESC')).toBe('page');
  });
});

describe('summary', () => {
  it('takes nearest-rank percentiles', () => {
    expect(percentile([5, 1, 7, 3, 2, 6, 4], 0.95)).toBe(7);
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2);
    expect(
      percentile(
        Array.from({ length: 20 }, (_, i) => i + 1),
        0.95,
      ),
    ).toBe(19);
    expect(percentile([], 0.95)).toBeNaN();
  });

  it('makes one table row per call', () => {
    const row = toRow({
      name: 'a|b',
      path: '/api/v1/events',
      runsMs: [3, 1, 2],
      rows: 100,
      statements: [{ label: 'page', summary: summarisePlan(plan), plan: '', sql: '', params: [] }],
    });
    expect(row).toMatchObject({ medianMs: 2, p95Ms: 3, runs: 3, rowsRead: 1055 });
    expect(markdownTable([row])).toContain(
      '| a\\|b | 2.0 | 3.0 | 100 | 1,055 | events_time_idx (backward) + parallel seq scan events',
    );
  });
});
