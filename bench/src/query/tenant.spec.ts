import { describe, expect, it } from 'vitest';
import { buildCalls } from './calls.js';
import { statementLabel } from './capture.js';
import { variantRatio, type RlsCallResult } from './rls.js';
import { ratioToAdmin, tenantTeams, type TenantCallResult } from './tenant.js';
import { rlsTable, tenantTable } from './tenant-summary.js';

const http: TenantCallResult = {
  name: 'events newest page',
  readers: [
    { reader: 'admin', runsMs: [10, 20, 10], rows: 100 },
    { reader: '*/payments', runsMs: [15, 20, 30], rows: 100 },
    { reader: 'prod-*/pay*', runsMs: [], rows: 0, failure: '503 {"error":"timeout"}' },
  ],
};

describe('tenant section', () => {
  it('makes one team per kind of selector', () => {
    const teams = tenantTeams({
      namespaceCommon: 'kube-system',
      namespaceRare: 'kafka',
      glob: 'prod-*/pay*',
      clusterTop: 'prod-eu',
    });
    expect(teams.map((t) => t.namespaces[0])).toEqual([
      '*/kube-system',
      '*/kafka',
      'prod-*/pay*',
      'prod-eu/*',
    ]);
    expect(teams.filter((t) => t.cluster_wide)).toHaveLength(1);
    expect(new Set(teams.map((t) => t.name)).size).toBe(teams.length);
  });

  it('marks a representative subset of the calls, none of the SQL ones with cursors', () => {
    const calls = buildCalls({
      priority: 'notice',
      ruleRare: 'r',
      ruleCommon: 'c',
      ruleCommonHost: 'h1',
      hostname: 'h2',
      namespaceRare: 'kafka',
      namespaceCommon: 'kube-system',
      boundaryRare: 'network',
      boundaryCommon: 'host',
      tagsAll: ['a', 'b'],
      tagsAny: ['c', 'd'],
      wordRare: 'rare',
      wordCommon: 'root',
      procName: 'bash',
      numberField: { name: 'fd.rport', value: '8080' },
      windowSince: '2026-11-12T00:00:00.000Z',
      windowUntil: '2026-11-13T00:00:00.000Z',
    });
    const tenant = calls.filter((c) => c.tenant);
    expect(tenant.length).toBeGreaterThan(8);
    expect(new Set(tenant.map((c) => c.endpoint))).toEqual(new Set(['events', 'groups', 'stats']));
    const sql = calls.filter((c) => c.rls);
    expect(sql.every((c) => c.tenant && c.followCursors === undefined)).toBe(true);
  });

  it('compares each team with the admin round by round', () => {
    expect(ratioToAdmin(http, 1)).toBe(1.5); // 1.5, 1, 3
    expect(ratioToAdmin(http, 2)).toBeNaN();
    const table = tenantTable([http]);
    expect(table).toContain('| events newest page | 10.0 (100) | ×1.50 (20.0 ms, 100) | 503 ');
    expect(table.split('\n')).toHaveLength(3);
  });

  it('reports the SQL variants as ratios', () => {
    const variant = (name: 'admin' | 'where' | 'rls' | 'where+rls', runsMs: number[]) => ({
      variant: name,
      runsMs,
      analyzed: true,
      plans: [
        {
          label: statementLabel('SELECT 1'),
          summary: {
            access: ['events_time_idx (backward)'],
            eventsRowsRead: 101,
            seqScanOfEvents: false,
            sharedHit: 1,
            sharedRead: 0,
            executionMs: 1,
          },
          plan: '',
        },
      ],
    });
    const result: RlsCallResult = {
      call: 'q=word',
      team: '*/payments',
      variants: [
        variant('admin', [2, 2]),
        variant('where', [1, 1]),
        variant('rls', [20, 40]),
        { ...variant('where+rls', []), failure: 'canceling statement due to statement timeout' },
      ],
    };
    expect(variantRatio(result, 'rls', 'admin')).toBe(15);
    expect(variantRatio(result, 'where', 'admin')).toBe(0.5);
    const table = rlsTable([result]);
    expect(table).toContain('| q=word | */payments | 2.0 | ×0.50 | ×15.00 | canceling statement');
    expect(table).toContain('101 / 101 / 101 / 101');
  });
});
