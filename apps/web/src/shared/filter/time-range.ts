import { parseDuration, parseRfc3339 } from '@aerie/contracts';
import { DEFAULT_SINCE } from './filter-params';

/**
 * A view's time range as the URL and the API spell it: `since` and `until`, each a duration ago
 * (`15m`, `24h`, `7d`) or an RFC 3339 time.
 */
export interface TimeRange {
  since?: string;
  until?: string;
}

/** The relative ranges offered in one click. */
export const TIME_PRESETS = ['15m', '1h', '6h', '24h', '7d', '30d'] as const;

const UNITS: Record<string, string> = { s: 'second', m: 'minute', h: 'hour', d: 'day', w: 'week' };

/** The range a view's query names, the last day when it names none. */
export function rangeOf(search: URLSearchParams): TimeRange {
  const since = search.get('since') ?? undefined;
  const until = search.get('until') ?? undefined;
  if (since === undefined && until === undefined) return { since: DEFAULT_SINCE };
  return { ...(since !== undefined ? { since } : {}), ...(until !== undefined ? { until } : {}) };
}

/** A copy of `search` over `range` (other keys kept, in order). */
export function withRange(search: URLSearchParams, range: TimeRange): URLSearchParams {
  const out = new URLSearchParams(search);
  for (const key of ['since', 'until'] as const) {
    const value = range[key];
    if (value === undefined || value === '') out.delete(key);
    else out.set(key, value);
  }
  return out;
}

/** Whether the range ends now (and so may grow live). */
export function isOpenEnded(range: TimeRange): boolean {
  return range.until === undefined;
}

/** The preset the range is, if any. */
export function presetOf(range: TimeRange): string | undefined {
  if (range.until !== undefined) return undefined;
  return TIME_PRESETS.find((p) => p === range.since);
}

/** `Last 24 hours`, `Since 2026-05-01 10:00 UTC`, `2026-05-01 10:00 – 2026-05-02 10:00 UTC`. */
export function describeRange(range: TimeRange): string {
  const { since, until } = range;
  if (since !== undefined && until === undefined && parseDuration(since) !== undefined) {
    const m = /^(\d+)([smhdw])$/.exec(since.trim());
    if (m) {
      const n = Number(m[1]);
      return `Last ${n === 1 ? '' : `${n} `}${UNITS[m[2]!]}${n === 1 ? '' : 's'}`;
    }
  }
  const from = since === undefined ? undefined : readable(since);
  const to = until === undefined ? undefined : readable(until);
  if (from !== undefined && to !== undefined) return `${from} – ${to}`;
  if (from !== undefined) return `Since ${from}`;
  return `Until ${to ?? 'now'}`;
}

function readable(text: string): string {
  if (parseDuration(text) !== undefined) return `${text} ago`;
  const value = toUtcInput(text);
  return value === '' ? text : `${value.replace('T', ' ')} UTC`;
}

/**
 * A range end as a `datetime-local` input shows it, in UTC (the dashboard's times are UTC):
 * `2026-05-01T10:00`. Durations are resolved against `now`; nothing readable gives ''.
 */
export function toUtcInput(text: string | undefined, now = Date.now()): string {
  if (text === undefined) return '';
  const ago = parseDuration(text);
  const ms = ago !== undefined ? now - ago : parseRfc3339(text)?.ms;
  if (ms === undefined) return '';
  return new Date(ms).toISOString().slice(0, 16);
}

/** A `datetime-local` value read as UTC, as the API takes it (`2026-05-01T10:00:00Z`). */
export function fromUtcInput(value: string): string | undefined {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(:\d{2})?$/.exec(value.trim());
  if (!m) return undefined;
  const iso = `${m[1]}${m[2] ?? ':00'}Z`;
  return parseRfc3339(iso) === undefined ? undefined : iso;
}
