import { AlertGroupSchema } from '@aerie/contracts';
import { describe, expect, it } from 'vitest';
import { alertGroup } from '../../test/events.fixture';
import {
  bulkFilterOf,
  countsAreFiltered,
  eventsHref,
  groupLabel,
  groupsQuery,
  knownTotal,
  mayMatch,
  moveCursor,
  patchPages,
} from './groups.view';

const q = (s: string) => new URLSearchParams(s);
const A = alertGroup();
const B = alertGroup({ id: '0195a3c2-7f4e-7b1a-9c3d-0000000000b2', rule: 'Write below etc' });

describe('groupsQuery', () => {
  it('passes the event filters through and adds the status tab and assignee', () => {
    expect(
      groupsQuery(q('namespace=payments&group=x&priority=Critical&assignee=none')).toString(),
    ).toBe('namespace=payments&priority=Critical&status=new%2Cacknowledged&assignee=none');
  });

  it('makes the bulk filter body of the same query', () => {
    expect(bulkFilterOf(q('namespace=payments&namespace=web&status=new'))).toEqual({
      namespace: ['payments', 'web'],
      status: 'new',
    });
  });

  it('knows when counts cover only part of each group', () => {
    expect(countsAreFiltered(q('status=new&assignee=bob'))).toBe(false);
    expect(countsAreFiltered(q('status=new&since=1h'))).toBe(true);
  });
});

describe('patchPages', () => {
  const data = {
    pages: [
      { items: [A], next_cursor: 'c1' },
      { items: [B], next_cursor: null },
    ],
    pageParams: [undefined, 'c1'],
  };

  it('replaces changed rows in place and keeps the other pages as they were', () => {
    const live = { ...B, status: 'resolved' as const, count: 99 };
    const { data: out, found } = patchPages(data, new Map([[B.id, live]]), false);
    expect(found).toEqual(new Set([B.id]));
    expect(out.pages[0]).toBe(data.pages[0]);
    expect(out.pages[1]?.items[0]).toEqual(live);
  });

  it('takes only the triage state when the counts are over filtered events', () => {
    const live = { ...A, status: 'acknowledged' as const, assignee: 'bob', count: 99 };
    const row = patchPages(data, new Map([[A.id, live]]), true).data.pages[0]?.items[0];
    expect(row).toMatchObject({ status: 'acknowledged', assignee: 'bob', count: 12 });
  });

  it('returns the same object when no loaded row changed', () => {
    const other = alertGroup({ id: '0195a3c2-7f4e-7b1a-9c3d-0000000000c3' });
    const { data: out, found } = patchPages(data, new Map([[other.id, other]]), false);
    expect(out).toBe(data);
    expect(found.size).toBe(0);
  });

  it('knows the total once the last page is in', () => {
    expect(knownTotal(data)).toBe(2);
    expect(knownTotal({ ...data, pages: data.pages.slice(0, 1) })).toBeUndefined();
  });
});

describe('mayMatch', () => {
  it('checks the status, assignee and the keys a group has one value of', () => {
    expect(mayMatch(A, q(''))).toBe(true);
    expect(mayMatch({ ...A, status: 'resolved' }, q(''))).toBe(false);
    expect(mayMatch(A, q('assignee=none'))).toBe(true);
    expect(mayMatch({ ...A, assignee: 'bob' }, q('assignee=none'))).toBe(false);
    expect(mayMatch(A, q('assignee=bob'))).toBe(false);
    expect(mayMatch(A, q('namespace=web,payments&boundary=host'))).toBe(true);
    expect(mayMatch(A, q('namespace=web'))).toBe(false);
    // Event-level filters cannot be decided here: the group may match.
    expect(mayMatch(A, q('priority=Critical&q=bash'))).toBe(true);
  });
});

describe('labels and links', () => {
  it('names a group by rule and place', () => {
    expect(groupLabel(A)).toBe('Terminal shell in container (prod/payments/api)');
    expect(
      groupLabel(
        alertGroup({ cluster: null, namespace: null, workload: null, hostname: 'node-7' }),
      ),
    ).toBe('Terminal shell in container (node-7)');
    expect(
      groupLabel(alertGroup({ cluster: null, namespace: null, workload: null, hostname: null })),
    ).toBe('Terminal shell in container (syscall)');
  });

  it('links to the group events with the fingerprint keys the events API filters by', () => {
    expect(eventsHref(A)).toBe(
      '#/events?rule=Terminal+shell+in+container&source=syscall&cluster=prod&namespace=payments&since=2026-05-01T09%3A00%3A00.000Z',
    );
    expect(eventsHref(alertGroup({ workload: null, namespace: null, cluster: null }))).toContain(
      'hostname=node-1',
    );
  });

  it('moves the row cursor within the list', () => {
    expect(moveCursor(undefined, 3, 1)).toBe(0);
    expect(moveCursor(undefined, 3, -1)).toBe(2);
    expect(moveCursor(2, 3, 1)).toBe(2);
    expect(moveCursor(0, 3, -1)).toBe(0);
    expect(moveCursor(1, 0, 1)).toBeUndefined();
  });

  it('is fed fixtures the API contract accepts', () => {
    expect(AlertGroupSchema.safeParse(A).success).toBe(true);
  });
});
