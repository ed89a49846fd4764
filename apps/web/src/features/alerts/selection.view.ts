import type { BulkUpdateGroups } from '@aerie/contracts';

/**
 * What a bulk action applies to: rows picked one by one, or every group the filter matches
 * (loaded or not — the server resolves the filter).
 */
export type Selection = { kind: 'ids'; ids: ReadonlySet<string> } | { kind: 'matching' };

export const NOTHING: Selection = { kind: 'ids', ids: new Set() };
export const MATCHING: Selection = { kind: 'matching' };

export function isSelected(selection: Selection, id: string): boolean {
  return selection.kind === 'matching' || selection.ids.has(id);
}

export function isEmpty(selection: Selection): boolean {
  return selection.kind === 'ids' && selection.ids.size === 0;
}

/** One row in or out. Unticking a row of "all matching" leaves the other loaded rows picked. */
export function toggle(selection: Selection, id: string, loaded: readonly string[]): Selection {
  const ids = new Set(selection.kind === 'matching' ? loaded : selection.ids);
  if (ids.has(id)) ids.delete(id);
  else ids.add(id);
  return { kind: 'ids', ids };
}

/** The header checkbox: all loaded rows, or none. */
export function togglePage(selection: Selection, loaded: readonly string[]): Selection {
  return pageState(selection, loaded) === 'all' ? NOTHING : { kind: 'ids', ids: new Set(loaded) };
}

export function pageState(
  selection: Selection,
  loaded: readonly string[],
): 'all' | 'some' | 'none' {
  if (loaded.length === 0) return 'none';
  const picked = loaded.filter((id) => isSelected(selection, id)).length;
  return picked === 0 ? 'none' : picked === loaded.length ? 'all' : 'some';
}

/** Rows that left the list (a reload, a live change) are no longer picked. */
export function keepLoaded(selection: Selection, loaded: readonly string[]): Selection {
  if (selection.kind === 'matching') return selection;
  const ids = [...selection.ids].filter((id) => loaded.includes(id));
  return ids.length === selection.ids.size ? selection : { kind: 'ids', ids: new Set(ids) };
}

/** The target part of a `POST /api/v1/groups/bulk` body. */
export function bulkTarget(
  selection: Selection,
  filter: Record<string, string | string[]>,
): Pick<BulkUpdateGroups, 'ids' | 'filter'> {
  return selection.kind === 'matching' ? { filter } : { ids: [...selection.ids] };
}

/** "3 groups", "all 1,204 groups matching the filter", "all groups matching the filter". */
export function describeSelection(selection: Selection, total: number | undefined): string {
  if (selection.kind === 'ids') return plural(selection.ids.size);
  return total === undefined
    ? 'all groups matching the filter'
    : `all ${plural(total)} matching the filter`;
}

const NUMBER = new Intl.NumberFormat('en-US');
export function plural(n: number): string {
  return `${NUMBER.format(n)} group${n === 1 ? '' : 's'}`;
}
