/**
 * The API calls measured, built from filter values picked in the data (so "rare" and "common"
 * mean what the table holds). Pure: the same picks give the same calls.
 */

export type Endpoint = 'events' | 'groups' | 'stats';

/** A query string as the API takes it: repeated keys as arrays. */
export type QueryParams = Record<string, string | string[]>;

export interface ApiCall {
  /** Short label for the table. */
  name: string;
  endpoint: Endpoint;
  params: QueryParams;
  /** Follow this many `next_cursor`s first, then measure the page reached. */
  followCursors?: number;
  /** Also measured for team readers (the tenant section: a representative subset). */
  tenant?: boolean;
  /** Also compared in SQL with and without row-level security (no cursor calls). */
  rls?: boolean;
}

/** Filter values chosen from the seed rows; shares are those of the seed (≈ those of the table). */
export interface Picks {
  priority: string;
  ruleRare: string;
  ruleCommon: string;
  /** The host where the common rule fires most (for a drill-down that finds events). */
  ruleCommonHost: string;
  hostname: string;
  namespaceRare: string;
  namespaceCommon: string;
  boundaryRare: string;
  boundaryCommon: string;
  tagsAll: string[];
  tagsAny: string[];
  wordRare: string;
  wordCommon: string;
  procName: string;
  numberField: { name: string; value: string };
  /** An absolute one-day window inside the filled range (RFC 3339). */
  windowSince: string;
  windowUntil: string;
}

export function apiPath(call: ApiCall, cursor?: string): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(call.params)) {
    for (const v of Array.isArray(value) ? value : [value]) search.append(key, v);
  }
  if (cursor !== undefined) search.append('cursor', cursor);
  const qs = search.toString();
  return `/api/v1/${call.endpoint}${qs === '' ? '' : `?${qs}`}`;
}

export function buildCalls(p: Picks): ApiCall[] {
  const ev = (name: string, params: QueryParams, followCursors?: number): ApiCall => ({
    name,
    endpoint: 'events',
    params: { limit: '100', ...params },
    ...(followCursors !== undefined ? { followCursors } : {}),
  });
  const field = (name: string) => `field[${name}]`;
  const t = (call: ApiCall): ApiCall => ({ ...call, tenant: true });
  const rls = (call: ApiCall): ApiCall => ({ ...call, tenant: true, rls: true });
  return [
    rls(ev('events newest page', {})),
    t(ev('events page 21 (20 cursors)', {}, 20)),
    // Commit order (`sort=seq`): the primary key instead of the time index.
    ev('sort=seq newest page', { sort: 'seq' }),
    ev('sort=seq page 21 (20 cursors)', { sort: 'seq' }, 20),
    ev('sort=seq & namespace (rare)', { sort: 'seq', namespace: p.namespaceRare }),
    t(ev(`priority=${p.priority}`, { priority: p.priority })),
    ev('min_priority=critical', { min_priority: 'critical' }),
    ev('rule (rare)', { rule: p.ruleRare }),
    t(ev('rule (common)', { rule: p.ruleCommon })),
    ev('hostname', { hostname: p.hostname }),
    ev('namespace (rare)', { namespace: p.namespaceRare }),
    ev('namespace (common)', { namespace: p.namespaceCommon }),
    ev(`boundary=${p.boundaryRare} (rare)`, { boundary: p.boundaryRare }),
    ev(`boundary=${p.boundaryCommon} (common)`, { boundary: p.boundaryCommon }),
    ev(`tags all (${p.tagsAll.join(',')})`, { tags: p.tagsAll.join(',') }),
    rls(ev(`tags any (${p.tagsAny.join(',')})`, { tags: p.tagsAny.join(','), tags_match: 'any' })),
    ev('since=1h', { since: '1h' }),
    ev('since/until 1-day window', { since: p.windowSince, until: p.windowUntil }),
    rls(ev(`q=${p.wordRare} (rare word)`, { q: p.wordRare })),
    rls(ev(`q=${p.wordCommon} (common word)`, { q: p.wordCommon })),
    t(ev(`field[proc.name]=${p.procName}`, { [field('proc.name')]: p.procName })),
    rls(
      ev(`field[${p.numberField.name}]=${p.numberField.value} (number)`, {
        [field(p.numberField.name)]: p.numberField.value,
      }),
    ),
    ev('min_priority=warning & namespace (common) & since=24h', {
      min_priority: 'warning',
      namespace: p.namespaceCommon,
      since: '24h',
    }),
    // Two filters that are each common but rarely (or never) together: the planner multiplies
    // their shares, expects many matches and may walk the time index looking for them.
    ev('rule (common) & hostname (median host)', { rule: p.ruleCommon, hostname: p.hostname }),
    ev('rule (common) & its top hostname & since=7d', {
      rule: p.ruleCommon,
      hostname: p.ruleCommonHost,
      since: '7d',
    }),
    ev(`q (common word) & namespace (rare)`, { q: p.wordCommon, namespace: p.namespaceRare }),
    ev('namespace (common), page 21 (20 cursors)', { namespace: p.namespaceCommon }, 20),
    t({ name: 'groups', endpoint: 'groups', params: {} }),
    rls({ name: 'groups since=24h', endpoint: 'groups', params: { since: '24h' } }),
    { name: 'groups namespace (rare)', endpoint: 'groups', params: { namespace: p.namespaceRare } },
    {
      name: 'groups min_priority=critical',
      endpoint: 'groups',
      params: { min_priority: 'critical' },
    },
    {
      name: 'groups namespace (common) & since=1h',
      endpoint: 'groups',
      params: { namespace: p.namespaceCommon, since: '1h' },
    },
    t({ name: 'stats since=1h', endpoint: 'stats', params: { since: '1h' } }),
    rls({ name: 'stats since=24h', endpoint: 'stats', params: { since: '24h' } }),
    { name: 'stats namespace (rare)', endpoint: 'stats', params: { namespace: p.namespaceRare } },
    { name: 'stats (all time)', endpoint: 'stats', params: {} },
  ];
}
