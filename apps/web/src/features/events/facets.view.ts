import type { Stats } from '@aerie/contracts';

/** The dimensions shown beside the table: a stats list each, and the filter key it sets. */
const DIMENSIONS = [
  { key: 'priority', label: 'Priority', counts: 'by_priority' },
  { key: 'namespace', label: 'Namespace', counts: 'by_namespace' },
  { key: 'cluster', label: 'Cluster', counts: 'by_cluster' },
  { key: 'rule', label: 'Rule', counts: 'by_rule' },
  { key: 'source', label: 'Source', counts: 'by_source' },
  { key: 'boundary', label: 'Boundary', counts: 'by_boundary' },
  { key: 'hostname', label: 'Host', counts: 'by_hostname' },
  { key: 'tags', label: 'Tags', counts: 'by_tag' },
] as const satisfies ReadonlyArray<{ key: string; label: string; counts: keyof Stats }>;

export interface FacetValue {
  /** null: events without this field (not a filter the API takes). */
  value: string | null;
  count: number;
  /** Already a filter of the view. */
  active: boolean;
}

export interface Facet {
  /** The filter key (`namespace`). */
  key: string;
  label: string;
  values: FacetValue[];
}

/** Facets with counts from one stats answer, marking the values the view already filters by. */
export function facetsOf(stats: Stats, search: URLSearchParams): Facet[] {
  return DIMENSIONS.map(({ key, label, counts }) => {
    const chosen = new Set(search.getAll(key));
    return {
      key,
      label,
      values: stats[counts].map(({ value, count }) => ({
        value,
        count,
        active: value !== null && chosen.has(value),
      })),
    };
  }).filter((f) => f.values.length > 0);
}
