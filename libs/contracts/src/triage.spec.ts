import { describe, expect, it } from 'vitest';
import { parseGroupFilter, parseGroupListQuery } from './query.js';
import { BulkUpdateGroupsSchema, CreateCommentSchema, UpdateGroupSchema } from './triage.js';

describe('group queries', () => {
  it('take status (a list) and assignee (`none`: unassigned) beside the event filters', () => {
    const r = parseGroupListQuery({ status: 'new,acknowledged', assignee: 'none', limit: '5' });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.value).toMatchObject({ statuses: ['new', 'acknowledged'], assignee: null, limit: 5 });
    const mine = parseGroupListQuery({ assignee: 'alice', namespace: 'payments' });
    expect(mine).toMatchObject({
      ok: true,
      value: { assignee: 'alice', filter: { namespaces: ['payments'] } },
    });
    expect(parseGroupListQuery({ status: 'open', assignee: ['a', 'b'] })).toEqual({
      ok: false,
      issues: [
        {
          field: 'status',
          message: '"open" is not one of new, acknowledged, resolved, false_positive',
        },
        { field: 'assignee', message: 'must be given once' },
      ],
    });
  });

  it('for bulk changes: the same filters without paging', () => {
    expect(parseGroupFilter({ status: 'resolved', since: '1h' }, 0)).toMatchObject({
      ok: true,
      value: { statuses: ['resolved'], filter: { since: new Date(-3_600_000) } },
    });
    expect(parseGroupFilter({ limit: '10' })).toEqual({
      ok: false,
      issues: [{ field: 'limit', message: 'unknown query parameter' }],
    });
  });
});

describe('triage bodies', () => {
  it('need something to change, and either ids or a filter for bulk', () => {
    expect(UpdateGroupSchema.safeParse({}).success).toBe(false);
    expect(UpdateGroupSchema.parse({ assignee: null })).toEqual({ assignee: null });
    const bulk = (v: unknown) =>
      BulkUpdateGroupsSchema.safeParse(v).error?.issues.map((i) => i.path.join('.'));
    expect(bulk({ status: 'resolved' })).toEqual(['ids']);
    expect(bulk({ ids: [], status: 'resolved' })).toEqual(['ids']);
    expect(bulk({ filter: {}, ids: [crypto.randomUUID()] })).toEqual(['ids', 'status']);
    expect(bulk({ filter: { status: ['new'] }, assignee: 'alice' })).toBeUndefined();
  });

  it('trim comments and refuse empty, overlong or NUL-holding ones', () => {
    expect(CreateCommentSchema.parse({ body: '  ok  ' })).toEqual({ body: 'ok' });
    for (const body of [' ', 'x'.repeat(10_001), 'a\u0000']) {
      expect(CreateCommentSchema.safeParse({ body }).success).toBe(false);
    }
    expect(CreateCommentSchema.safeParse({ body: 'x'.repeat(10_000) }).success).toBe(true);
  });
});
