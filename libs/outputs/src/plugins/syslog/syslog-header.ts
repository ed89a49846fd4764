import type { Priority } from '@aerie/contracts';

/** Falco priorities are syslog severities by name (RFC 5424 §6.2.1): Emergency 0 … Debug 7. */
const SEVERITY: Readonly<Record<Priority, number>> = {
  Emergency: 0,
  Alert: 1,
  Critical: 2,
  Error: 3,
  Warning: 4,
  Notice: 5,
  Informational: 6,
  Debug: 7,
};

export function syslogSeverity(priority: Priority): number {
  return SEVERITY[priority];
}

/** `<PRI>`: facility × 8 + severity. */
export function pri(facility: number, priority: Priority): string {
  return `<${facility * 8 + SEVERITY[priority]}>`;
}

/**
 * A header field of RFC 5424 (PRINTUSASCII, no spaces, at most `max` characters; NILVALUE `-`
 * when empty): other characters become `_`.
 */
export function headerField(value: string | null | undefined, max: number): string {
  if (!value) return '-';
  return value.replace(/[^!-~]/g, '_').slice(0, max);
}

const RFC3339 = /^(\d{4}-\d\d-\d\d)[Tt](\d\d:\d\d:\d\d)(\.\d+)?([Zz]|[+-]\d\d:\d\d)$/;

/**
 * RFC 5424 TIMESTAMP from Falco's RFC 3339 time: at most 6 fractional digits (Falco sends ns;
 * the exact time stays in the structured data), upper-case `T` and `Z`, the offset kept.
 */
export function rfc5424Timestamp(time: string): string {
  const m = RFC3339.exec(time);
  if (m) {
    const [, date, clock, fraction = '', offset = 'Z'] = m;
    return `${date}T${clock}${fraction.slice(0, 7)}${offset.toUpperCase()}`;
  }
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? '-' : new Date(ms).toISOString();
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** RFC 3164 TIMESTAMP `Mmm dd hh:mm:ss` (day padded with a space), in UTC: the format has no zone. */
export function rfc3164Timestamp(time: string, fallback: Date): string {
  const ms = Date.parse(time);
  const d = Number.isNaN(ms) ? fallback : new Date(ms);
  const hms = d.toISOString().slice(11, 19);
  return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${hms}`;
}

export interface HeaderFields {
  facility: number;
  priority: Priority;
  /** Falco's RFC 3339 event time. */
  time: string;
  hostname: string | null;
  appName: string;
  msgId: string | null;
  /** Used when the event time does not parse (RFC 3164 has no NILVALUE). */
  now: Date;
}

/** `<PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID` (RFC 5424 §6.2); PROCID is always `-`. */
export function rfc5424Header(h: HeaderFields): string {
  return [
    `${pri(h.facility, h.priority)}1`,
    rfc5424Timestamp(h.time),
    headerField(h.hostname, 255),
    headerField(h.appName, 48),
    '-',
    headerField(h.msgId, 32),
  ].join(' ');
}

/**
 * `<PRI>Mmm dd hh:mm:ss HOSTNAME TAG:` (RFC 3164 §4.1): the TAG is at most 32 alphanumeric
 * characters (`.`, `_` and `-` kept too, as syslog daemons do).
 */
export function rfc3164Header(h: HeaderFields): string {
  const tag = h.appName.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 32);
  return `${pri(h.facility, h.priority)}${rfc3164Timestamp(h.time, h.now)} ${headerField(h.hostname, 255)} ${tag}:`;
}
