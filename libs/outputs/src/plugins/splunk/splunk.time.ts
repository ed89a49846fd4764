import { parseRfc3339 } from '@aerie/contracts';

const NS_PER_S = 1_000_000_000n;

/**
 * HEC's `time`, epoch seconds with a fraction, as JSON number text built from the RFC 3339 string
 * in integer arithmetic: every digit Falco sent is kept (`2026-05-01T10:00:00.123456789Z` →
 * `1777629600.123456789`), where `Date.parse(t) / 1000` would stop at milliseconds and a double
 * of the whole value at about 0.1 µs. Undefined when the text is not RFC 3339.
 */
export function epochSecondsText(time: string): string | undefined {
  const parsed = parseRfc3339(time);
  if (parsed === undefined) return undefined;
  const ns = BigInt(parsed.ms) * 1_000_000n + BigInt(parsed.micros * 1000 + parsed.nanos);
  const negative = ns < 0n;
  const abs = negative ? -ns : ns;
  const whole = (abs / NS_PER_S).toString();
  const fraction = (abs % NS_PER_S).toString().padStart(9, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}
