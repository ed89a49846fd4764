import type { AlertGroup, Page } from '@aerie/contracts';
import { filterOf } from '../../shared/filter/filter-params';
import { routeHref } from '../../shared/route';
import { statusParam } from './status.view';

/**
 * The `GET /api/v1/groups` query of a view's URL: its event filters, the status tab and the
 * assignee, spelled as the API spells them (no paging).
 */
export function groupsQuery(search: URLSearchParams): URLSearchParams {
  const out = filterOf(search);
  out.set('status', statusParam(search));
  const assignee = search.get('assignee');
  if (assignee !== null && assignee !== '') out.set('assignee', assignee);
  return out;
}

/** The same selection as the body of a bulk change on a filter (`{filter: {...}}`). */
export function bulkFilterOf(query: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(query.keys())) {
    const values = query.getAll(key);
    out[key] = values.length === 1 ? values[0]! : values;
  }
  return out;
}

/**
 * Whether the list's counts and times are over a subset of each group's events. Then a live
 * message (which carries the group's totals) may only change the triage fields of a row.
 */
export function countsAreFiltered(query: URLSearchParams): boolean {
  return filterOf(query).size > 0;
}

/** A row updated by a live message: the whole group, or only its triage state. */
export function mergeLive(row: AlertGroup, live: AlertGroup, countsFiltered: boolean): AlertGroup {
  if (!countsFiltered) return live;
  return {
    ...row,
    status: live.status,
    assignee: live.assignee,
    status_changed_at: live.status_changed_at,
    comment_count: live.comment_count,
  };
}

export interface GroupPages {
  pages: Page<AlertGroup>[];
  pageParams: unknown[];
}

/**
 * Loaded pages with the `changed` groups replaced in place (rows do not jump under the
 * analyst's cursor; a resolved group stays visible, resolved, until the list reloads). The
 * pages are returned unchanged (same object) when no row changed; `found` names the rows hit.
 */
export function patchPages<T extends GroupPages>(
  data: T,
  changed: ReadonlyMap<string, AlertGroup>,
  countsFiltered: boolean,
): { data: T; found: Set<string> } {
  const found = new Set<string>();
  let touched = false;
  const pages = data.pages.map((page) => {
    let pageTouched = false;
    const items = page.items.map((row) => {
      const live = changed.get(row.id);
      if (!live) return row;
      found.add(row.id);
      pageTouched = true;
      return mergeLive(row, live, countsFiltered);
    });
    if (!pageTouched) return page;
    touched = true;
    return { ...page, items };
  });
  return { data: touched ? { ...data, pages } : data, found };
}

/** Keys whose value is the same for every event of a group, so a group can be checked here. */
const GROUP_KEYS = ['rule', 'source', 'cluster', 'namespace', 'boundary'] as const;

/**
 * Whether a group the list does not show may belong in it (a new group, or one that moved into
 * this status). Filters on event fields (priority, tags, text, time) cannot be decided from the
 * group: such a group counts as possibly matching.
 */
export function mayMatch(group: AlertGroup, query: URLSearchParams): boolean {
  const statuses = statusParam(query).split(',');
  if (!statuses.includes(group.status)) return false;
  const assignee = query.get('assignee');
  if (assignee === 'none' && group.assignee !== null) return false;
  if (assignee !== null && assignee !== 'none' && group.assignee !== assignee) return false;
  return GROUP_KEYS.every((key) => {
    const wanted = query.getAll(key).flatMap((v) => (key === 'rule' ? [v] : v.split(',')));
    return wanted.length === 0 || wanted.includes(group[key] ?? '');
  });
}

/** Every loaded row, in order. */
export function rowsOf(data: GroupPages | undefined): AlertGroup[] {
  return data?.pages.flatMap((p) => p.items) ?? [];
}

/** How many groups the list holds in all, once its last page is loaded. */
export function knownTotal(data: GroupPages | undefined): number | undefined {
  const last = data?.pages[data.pages.length - 1];
  return last && last.next_cursor === null ? rowsOf(data).length : undefined;
}

/** Where a group is: `cluster/namespace/workload`, or its host, or its source. */
export function placeOf(group: AlertGroup): string {
  const parts = [group.cluster, group.namespace, group.workload ?? group.hostname].filter(
    (p): p is string => p !== null && p !== '',
  );
  return parts.length > 0 ? parts.join('/') : group.source;
}

/** A group's name for people and screen readers: `Terminal shell in container (prod/payments/api)`. */
export function groupLabel(group: AlertGroup): string {
  return `${group.rule} (${placeOf(group)})`;
}

/**
 * The Events view showing the group's events: the keys of its fingerprint that the events API
 * filters by (a workload is not one, so other workloads' events of the rule show too) since
 * its first event.
 */
export function eventsHref(group: AlertGroup): string {
  const q = new URLSearchParams();
  q.set('rule', group.rule);
  q.set('source', group.source);
  if (group.cluster !== null) q.set('cluster', group.cluster);
  if (group.namespace !== null) q.set('namespace', group.namespace);
  if (group.workload === null && group.hostname !== null) q.set('hostname', group.hostname);
  q.set('since', group.first_seen);
  return routeHref({ page: 'events' }, q);
}

/** j/k: the next or previous row, starting at the first (j) or last (k), clamped at the ends. */
export function moveCursor(
  index: number | undefined,
  length: number,
  delta: 1 | -1,
): number | undefined {
  if (length === 0) return undefined;
  if (index === undefined) return delta > 0 ? 0 : length - 1;
  return Math.min(length - 1, Math.max(0, index + delta));
}
