import type { SqlParams } from '../events/sql-params.js';

/** One `<cluster glob>/<namespace glob>` of a team. */
export interface NamespaceSelector {
  cluster: string;
  namespace: string;
}

/**
 * What a reader may see: everything (admins), or the union of its teams' namespaces plus, for
 * teams with the cluster-wide grant, the events without a namespace in those teams' clusters.
 */
export type TenantScope =
  { all: true } | { all: false; selectors: NamespaceSelector[]; clusterWide: string[] };

/** The scope of a reader that is not an admin. */
export type TeamScope = Extract<TenantScope, { all: false }>;

export const ALL: TenantScope = { all: true };

export interface TeamGrant {
  namespaces: readonly string[];
  cluster_wide: boolean;
}

export function scopeOfTeams(teams: readonly TeamGrant[]): TeamScope {
  const selectors: NamespaceSelector[] = [];
  const clusterWide = new Set<string>();
  for (const team of teams) {
    for (const s of team.namespaces) {
      const slash = s.indexOf('/');
      const selector = { cluster: s.slice(0, slash), namespace: s.slice(slash + 1) };
      selectors.push(selector);
      if (team.cluster_wide) clusterWide.add(selector.cluster);
    }
  }
  return { all: false, selectors, clusterWide: [...clusterWide] };
}

/** `*` → `%`, `?` → `_`, LIKE's own wildcards and escape taken literally. */
export function globToLike(glob: string): string {
  return glob
    .replace(/[\\%_]/g, (c) => `\\${c}`)
    .replace(/\*/g, '%')
    .replace(/\?/g, '_');
}

const HAS_GLOB = /[*?]/;

/**
 * The scope as a condition over `events e` (or any alias with cluster and namespace columns):
 * the first wall. Exact names become `=` so the (namespace, event_time) index serves a team.
 * `undefined` when the scope is everything.
 */
export function scopeCondition(scope: TenantScope, p: SqlParams, alias = 'e'): string | undefined {
  if (scope.all) return undefined;
  // `*` alone (the only glob that matches '') adds no condition, so a NULL cluster can be left
  // to fail every other one — and the planner keeps the column's statistics (no coalesce).
  const cluster = `${alias}.cluster`;
  const matches = (column: string, glob: string): string | undefined => {
    if (glob === '*') return undefined;
    return HAS_GLOB.test(glob)
      ? `${column} LIKE ${p.add(globToLike(glob), 'text')}`
      : `${column} = ${p.add(glob, 'text')}`;
  };
  const alternatives: string[] = [];
  for (const s of scope.selectors) {
    const parts = [
      `${alias}.namespace IS NOT NULL`,
      matches(cluster, s.cluster),
      matches(`${alias}.namespace`, s.namespace),
    ];
    alternatives.push(`(${parts.filter(Boolean).join(' AND ')})`);
  }
  for (const c of scope.clusterWide) {
    const parts = [`${alias}.namespace IS NULL`, matches(cluster, c)];
    alternatives.push(`(${parts.filter(Boolean).join(' AND ')})`);
  }
  return alternatives.length === 0 ? 'false' : `(${alternatives.join(' OR ')})`;
}

/**
 * The same scope as the LIKE patterns of the row-level security policy (the second wall):
 * `<cluster>\x1fN:<namespace>` for namespaced events, `<cluster>\x1fH` for the others.
 */
export function scopePatterns(scope: TeamScope): string[] {
  return [
    ...scope.selectors.map((s) => `${globToLike(s.cluster)}\x1fN:${globToLike(s.namespace)}`),
    ...scope.clusterWide.map((c) => `${globToLike(c)}\x1fH`),
  ];
}
