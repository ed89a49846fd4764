import { compileGlobs } from './glob.js';

/** What a route needs to know of a team (its `namespaces` selectors and grant). */
export interface TeamSelectors {
  /** `<cluster glob>/<namespace glob>` (NamespaceSelectorSchema). */
  readonly namespaces: readonly string[];
  /** Also covers events without a namespace in the clusters of its selectors. */
  readonly cluster_wide: boolean;
}

export type ScopePredicate = (cluster: string | null, namespace: string | null) => boolean;

/**
 * Whether an event lies inside a team's namespaces: the same rule as the API's tenant scope
 * (`scopeCondition` in apps/api/src/modules/access/tenant-scope.ts), evaluated in memory. A
 * missing cluster counts as `''` there (`coalesce(cluster, '')`), so it does here.
 */
export function compileTeamScope(team: TeamSelectors): ScopePredicate {
  // A selector without `/` cannot come through NamespaceSelectorSchema; it grants nothing.
  const selectors = team.namespaces
    .filter((s) => s.includes('/'))
    .map((s) => {
      const slash = s.indexOf('/');
      return {
        cluster: compileGlobs([s.slice(0, slash)]),
        namespace: compileGlobs([s.slice(slash + 1)]),
      };
    });
  const hostClusters = team.cluster_wide ? selectors.map((s) => s.cluster) : [];
  return (cluster, namespace) => {
    const c = cluster ?? '';
    if (namespace === null) return hostClusters.some((matches) => matches(c));
    return selectors.some((s) => s.cluster(c) && s.namespace(namespace));
  };
}

const compiled = new WeakMap<TeamSelectors, ScopePredicate>();

/** {@link compileTeamScope}, compiled once per team object (routing runs per event per output). */
export function teamScope(team: TeamSelectors): ScopePredicate {
  let predicate = compiled.get(team);
  if (!predicate) {
    predicate = compileTeamScope(team);
    compiled.set(team, predicate);
  }
  return predicate;
}
