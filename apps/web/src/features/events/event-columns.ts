/**
 * The columns the events table can show. The choice lives in the URL (`cols=time,rule,output`),
 * so a pasted link shows the same table; without `cols` the defaults apply.
 */
export const COLUMNS = [
  { id: 'time', label: 'Time (UTC)', width: 200 },
  { id: 'priority', label: 'Priority', width: 130 },
  { id: 'rule', label: 'Rule', width: 260 },
  { id: 'output', label: 'Output', width: undefined },
  { id: 'namespace', label: 'Namespace', width: 150 },
  { id: 'cluster', label: 'Cluster', width: 140 },
  { id: 'host', label: 'Host / pod', width: 200 },
  { id: 'source', label: 'Source', width: 110 },
  { id: 'boundary', label: 'Boundary', width: 130 },
  { id: 'tags', label: 'Tags', width: 200 },
] as const;

export type ColumnId = (typeof COLUMNS)[number]['id'];
export type Column = (typeof COLUMNS)[number];

export const DEFAULT_COLUMNS: readonly ColumnId[] = [
  'time',
  'priority',
  'rule',
  'namespace',
  'host',
  'output',
];

/** The room the flexible column (output) gets at least. */
export const FLEX_MIN_WIDTH = 320;

/** The columns `cols` (the URL's value, or null) names, in the table's order; unknown ones ignored. */
export function columnsOf(named: string | null): Column[] {
  if (named === null) return COLUMNS.filter((c) => DEFAULT_COLUMNS.includes(c.id));
  const wanted = new Set(named.split(','));
  const chosen = COLUMNS.filter((c) => wanted.has(c.id));
  return chosen.length > 0 ? chosen : COLUMNS.filter((c) => DEFAULT_COLUMNS.includes(c.id));
}

/** A copy of `search` that shows `ids` (no `cols` for the defaults). */
export function withColumns(search: URLSearchParams, ids: readonly string[]): URLSearchParams {
  const out = new URLSearchParams(search);
  const chosen = COLUMNS.filter((c) => ids.includes(c.id)).map((c) => c.id);
  const isDefault =
    chosen.length === DEFAULT_COLUMNS.length && chosen.every((id) => DEFAULT_COLUMNS.includes(id));
  if (isDefault || chosen.length === 0) out.delete('cols');
  else out.set('cols', chosen.join(','));
  return out;
}

/** The table's least width: the fixed columns plus room for the flexible one. */
export function tableMinWidth(columns: readonly Column[]): number {
  return columns.reduce((sum, c) => sum + (c.width ?? FLEX_MIN_WIDTH), 0);
}
