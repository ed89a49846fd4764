import type { StoredEventDetail } from '@aerie/contracts';

const NS_PER_S = 1_000_000_000n;
const RFC3339 = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/;

/** Nanoseconds since the epoch of an RFC 3339 time, every digit kept (a double would round). */
export function nsSinceEpoch(text: string): bigint | undefined {
  const match = RFC3339.exec(text.toUpperCase());
  if (!match) return undefined;
  const [, seconds, fraction = '', zone] = match;
  const ms = Date.parse(`${seconds}${zone}`);
  if (Number.isNaN(ms)) return undefined;
  return BigInt(ms) * 1_000_000n + BigInt(fraction.slice(0, 9).padEnd(9, '0'));
}

/** The event's time in ns: Falco's own `time` exactly, else when Aerie received it, else now. */
export function eventTimeNs(
  event: Pick<StoredEventDetail, 'time' | 'received_at'>,
  now: Date,
): bigint {
  return (
    nsSinceEpoch(event.time) ??
    nsSinceEpoch(event.received_at) ??
    BigInt(now.getTime()) * 1_000_000n
  );
}

/** RFC 3339 in UTC with `digits` fractional digits (cut, not rounded). */
export function isoFromNs(ns: bigint, digits: number): string {
  let seconds = ns / NS_PER_S;
  let rest = ns % NS_PER_S;
  if (rest < 0n) {
    rest += NS_PER_S;
    seconds -= 1n;
  }
  const base = new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
  return `${base}.${rest.toString().padStart(9, '0').slice(0, digits)}Z`;
}
