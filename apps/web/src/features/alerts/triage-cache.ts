import type { AlertGroup } from '@aerie/contracts';
import type { QueryClient } from '@tanstack/react-query';
import { countsAreFiltered, mayMatch, patchPages, type GroupPages } from './groups.view';

/** Cache keys of the triage view: lists by their API query, a group, its activity. */
export const triageKeys = {
  all: ['groups'] as const,
  lists: ['groups', 'list'] as const,
  list: (query: string) => ['groups', 'list', query] as const,
  count: (query: string) => ['groups', 'count', query] as const,
  detail: (id: string) => ['groups', 'detail', id] as const,
  activity: (id: string) => ['groups', 'activity', id] as const,
};

const TRIAGE_FIELDS = ['status', 'assignee', 'status_changed_at', 'comment_count'] as const;

/**
 * Writes changed groups (a live message, or our own PATCH's answer) into every loaded list and
 * group, without asking the server again. A group whose history grew gets its activity
 * reloaded. Returns the changed groups the list of `query` does not show but may now hold.
 */
export function applyGroups(
  client: QueryClient,
  changed: ReadonlyMap<string, AlertGroup>,
  query?: string,
): AlertGroup[] {
  let shownInQuery = new Set<string>();
  for (const [key, data] of client.getQueriesData<GroupPages>({ queryKey: triageKeys.lists })) {
    if (!data) continue;
    const listQuery = new URLSearchParams(String(key[2] ?? ''));
    const { data: next, found } = patchPages(data, changed, countsAreFiltered(listQuery));
    if (next !== data) client.setQueryData(key, next);
    if (key[2] === query) shownInQuery = found;
  }
  for (const group of changed.values()) {
    const before = client.getQueryData<AlertGroup>(triageKeys.detail(group.id));
    if (!before) continue;
    client.setQueryData(triageKeys.detail(group.id), group);
    if (TRIAGE_FIELDS.some((f) => before[f] !== group[f])) {
      void client.invalidateQueries({ queryKey: triageKeys.activity(group.id) });
    }
  }
  if (query === undefined) return [];
  const params = new URLSearchParams(query);
  return [...changed.values()].filter((g) => !shownInQuery.has(g.id) && mayMatch(g, params));
}
