/**
 * The event filter as the URL and the API both spell it (`priority=critical&namespace=payments`):
 * the dashboard passes these keys through unchanged, so a view's link and its API calls agree.
 */
export const LIST_FILTER_KEYS = [
  'priority',
  'rule',
  'source',
  'hostname',
  'cluster',
  'namespace',
  'boundary',
  'tags',
] as const;
export type ListFilterKey = (typeof LIST_FILTER_KEYS)[number];

const SINGLE_KEYS = ['min_priority', 'tags_match', 'q', 'since', 'until'] as const;
const FIELD_KEY = /^field\[.+\]$/;

export const DEFAULT_SINCE = '24h';

export function isFilterKey(key: string): boolean {
  return (
    (LIST_FILTER_KEYS as readonly string[]).includes(key) ||
    (SINGLE_KEYS as readonly string[]).includes(key) ||
    FIELD_KEY.test(key)
  );
}

/** Only the filter keys of a view's query (not its selection, columns or sort), in URL order. */
export function filterOf(search: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams();
  for (const [key, value] of search) if (isFilterKey(key)) out.append(key, value);
  return out;
}

/** The filter with the default time range when the URL names none. */
export function withTimeRange(filter: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams(filter);
  if (!out.has('since') && !out.has('until')) out.set('since', DEFAULT_SINCE);
  return out;
}

/** A copy of `search` that also matches `key=value` (list keys: one more value, OR'ed). */
export function addValue(search: URLSearchParams, key: string, value: string): URLSearchParams {
  const out = new URLSearchParams(search);
  if ((LIST_FILTER_KEYS as readonly string[]).includes(key) || FIELD_KEY.test(key)) {
    if (!out.getAll(key).includes(value)) out.append(key, value);
  } else {
    out.set(key, value);
  }
  return out;
}

/** A copy of `search` without `key=value` (or without `key` at all when no value is given). */
export function removeValue(search: URLSearchParams, key: string, value?: string): URLSearchParams {
  const out = new URLSearchParams();
  for (const [k, v] of search)
    if (k !== key || (value !== undefined && v !== value)) out.append(k, v);
  return out;
}

export interface Chip {
  key: string;
  value: string;
  /** `namespace: payments` */
  label: string;
}

const LABELS: Record<string, string> = {
  min_priority: 'priority ≥',
  tags_match: 'tags match',
  q: 'search',
};

/** One removable chip per filter value (the time range has its own picker). */
export function chipsOf(search: URLSearchParams): Chip[] {
  const chips: Chip[] = [];
  for (const [key, value] of search) {
    if (!isFilterKey(key) || key === 'since' || key === 'until') continue;
    const name = FIELD_KEY.test(key) ? key.slice(6, -1) : (LABELS[key] ?? key);
    chips.push({ key, value, label: `${name}: ${value}` });
  }
  return chips;
}

/** `path?query`, omitting an empty query. */
export function withQuery(path: string, query: URLSearchParams): string {
  const text = query.toString();
  return text === '' ? path : `${path}?${text}`;
}
