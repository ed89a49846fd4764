const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
const DURATION = /^(\d{1,9})(s|m|h|d|w)$/;
/** Longer spans than a century are mistakes (and overflow dates and Postgres intervals). */
const MAX_DURATION_MS = 100 * 365 * 86_400_000;

/** `15m`, `2h`, `7d`… in milliseconds, up to 100 years; undefined when not such a duration. */
export function parseDuration(text: string): number | undefined {
  const m = DURATION.exec(text.trim());
  if (!m) return undefined;
  const ms = Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
  return ms <= MAX_DURATION_MS ? ms : undefined;
}

export function formatDuration(ms: number): string {
  for (const unit of ['w', 'd', 'h', 'm', 's'] as const) {
    if (ms % UNIT_MS[unit] === 0) return `${ms / UNIT_MS[unit]}${unit}`;
  }
  return `${ms}ms`;
}

const MIN_MS = new Date(0).setUTCFullYear(1, 0, 1); // 0001-01-01T00:00:00Z
const MAX_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?([Zz]|([+-])(\d{2}):(\d{2}))$/;

export interface ParsedTime {
  /** Milliseconds since the epoch. */
  ms: number;
  /** Microseconds within that millisecond (0–999), for Postgres' µs timestamps. */
  micros: number;
  /** Nanoseconds within that microsecond (0–999), kept only in the original string. */
  nanos: number;
}

/** Strict RFC 3339 with up to nanosecond precision; undefined when invalid (e.g. month 13). */
export function parseRfc3339(text: string): ParsedTime | undefined {
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac = '', , sign, oh, om] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 60)
    return undefined;
  if (day > daysInMonth(year, month)) return undefined;
  if (sign !== undefined && (Number(oh) > 23 || Number(om) > 59)) return undefined;
  const offsetMin =
    sign === undefined ? 0 : (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om));
  const digits = frac.padEnd(9, '0');
  const utc = Date.UTC(
    year,
    month - 1,
    day,
    hour,
    minute,
    Math.min(second, 59),
    Number(digits.slice(0, 3)),
  );
  const date = new Date(0);
  date.setTime(utc);
  date.setUTCFullYear(year); // Date.UTC maps years 0–99 to 1900–1999
  const ms = date.getTime() - offsetMin * 60_000;
  // Postgres and ISO strings handle years 0001–9999; outside them an offset could push the year.
  if (ms < MIN_MS || ms > MAX_MS) return undefined;
  return {
    ms,
    micros: Number(digits.slice(3, 6)),
    nanos: Number(digits.slice(6, 9)),
  };
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeap(year) ? 29 : 28;
  return new Date(Date.UTC(2001, month, 0)).getUTCDate();
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** ISO string with microseconds, as Postgres timestamptz takes it. */
export function toIsoMicros(t: ParsedTime): string {
  const iso = new Date(t.ms).toISOString(); // 2026-05-01T10:00:00.123Z
  return `${iso.slice(0, 23)}${String(t.micros).padStart(3, '0')}Z`;
}
