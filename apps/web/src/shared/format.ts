import { parseRfc3339 } from '@aerie/contracts';

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * `2026-05-01T10:00:00.123456789Z` → `2026-05-01 10:00:00.123` (UTC). Falco sends nanoseconds;
 * milliseconds are enough to read. Unparseable input is shown as received.
 */
export function formatUtc(rfc3339: string): string {
  const t = parseRfc3339(rfc3339);
  if (!t) return rfc3339;
  const d = new Date(t.ms);
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.` +
    pad(d.getUTCMilliseconds(), 3)
  );
}

/** `10:00:05` in the viewer's time zone, for "updated at" lines. */
export function formatClock(d: Date): string {
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

const NUMBER = new Intl.NumberFormat('en-US');
export const formatCount = (n: number): string => NUMBER.format(n);

/** A wait, rounded up to a unit people read: `45 seconds`, `15 minutes`, `2 hours`. */
export function formatWait(seconds: number): string {
  const plural = (n: number, unit: string): string => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (seconds < 60) return plural(Math.max(1, Math.ceil(seconds)), 'second');
  if (seconds < 3600) return plural(Math.ceil(seconds / 60), 'minute');
  return plural(Math.ceil(seconds / 3600), 'hour');
}
