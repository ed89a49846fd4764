/** The audit log's filters: the API's own query keys, kept in the page's URL. */
export interface AuditFilter {
  actor: string | undefined;
  action: string | undefined;
}

export const AUDIT_FILTER_KEYS = ['actor', 'action'] as const;

/** Actions Aerie records, offered while typing (the filter takes any exact action). */
export const KNOWN_ACTIONS = [
  'auth.login',
  'auth.login_failed',
  'auth.logout',
  'auth.denied',
  'auth.oidc_failed',
  'user.create',
  'user.update',
  'user.delete',
  'team.create',
  'team.update',
  'team.delete',
  'token.create',
  'token.update',
  'token.revoke',
  'output.create',
  'output.update',
  'output.delete',
  'output.test',
  'delivery.replay',
  'config.apply',
] as const;

export function auditFilterOf(search: URLSearchParams): AuditFilter {
  const value = (key: string): string | undefined => search.get(key)?.trim() || undefined;
  return { actor: value('actor'), action: value('action') };
}

/** `search` with the filter replaced (other keys kept); empty values are dropped. */
export function withAuditFilter(search: URLSearchParams, filter: AuditFilter): URLSearchParams {
  const next = new URLSearchParams(search);
  for (const key of AUDIT_FILTER_KEYS) {
    const value = filter[key]?.trim();
    if (value) next.set(key, value);
    else next.delete(key);
  }
  return next;
}

/** One page's query: newest first, `before` the last seq of the previous page. */
export function auditQuery(filter: AuditFilter, limit: number, before?: number): string {
  const params = new URLSearchParams({ limit: String(limit) });
  if (filter.actor) params.set('actor', filter.actor);
  if (filter.action) params.set('action', filter.action);
  if (before !== undefined) params.set('before', String(before));
  return params.toString();
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The top-level keys an entry changed (added, removed or different), for a one-line summary
 * above its before/after: `name, scopes`.
 */
export function changedKeys(before: unknown, after: unknown): string[] {
  if (!isRecord(before) || !isRecord(after)) return [];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k])).sort();
}
