/**
 * Falco's timestamps are integer nanoseconds since the epoch; Date only keeps milliseconds, so the
 * sub-second digits are written from the bigint.
 */
const NS_PER_MS = 1_000_000n;
const NS_PER_S = 1_000_000_000n;

/** `2026-05-01T10:00:00.123456789Z`, the `time` field of Falco's JSON output. */
export function rfc3339(ns: bigint): string {
  const seconds = new Date(Number(ns / NS_PER_MS)).toISOString().slice(0, 19);
  return `${seconds}.${fraction(ns)}Z`;
}

/** `10:00:00.123456789`, the clock Falco prefixes its `output` line with (UTC here). */
export function clock(ns: bigint): string {
  return `${rfc3339(ns).slice(11, 19)}.${fraction(ns)}`;
}

export function msToNs(ms: number): bigint {
  return BigInt(Math.trunc(ms)) * NS_PER_MS;
}

/** Inverse of rfc3339 for the exact nanoseconds (Date.parse alone would drop six digits). */
export function parseRfc3339Ns(time: string): bigint {
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/.exec(time);
  if (!m?.[1]) throw new RangeError(`not an RFC 3339 UTC time: ${time}`);
  const whole = BigInt(Date.parse(`${m[1]}Z`)) * NS_PER_MS;
  return whole + BigInt((m[2] ?? '').padEnd(9, '0'));
}

function fraction(ns: bigint): string {
  return (((ns % NS_PER_S) + NS_PER_S) % NS_PER_S).toString().padStart(9, '0');
}
