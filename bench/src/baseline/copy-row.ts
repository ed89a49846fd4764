import { randomUUID } from 'node:crypto';
import { parsePriority, priorityRank } from '@aerie/contracts';

/** The columns the baseline fills; the rest of Aerie's `events` columns stay NULL. */
export const COPY_EVENTS_SQL =
  'COPY events (id, received_at, event_time, time, priority, rule, output, output_fields, source, ' +
  'tags, hostname, boundary, fingerprint, group_id, payload) FROM STDIN';

/**
 * One event as a line of COPY's text format, or the reason it is rejected. The baseline does the
 * least a durable store must: parse, check the fields Falco requires, store the event. It stores
 * the same bytes as Aerie (docs/adr/0003): `output` and `output_fields` in their columns and the
 * rest of the event in `payload` — a full second copy would push rows past the TOAST threshold
 * and make the baseline measurably slower than what it stands for.
 */
export function toCopyLine(
  raw: string,
  receivedAt: string,
): { id: string; line: string } | { error: string } {
  let event: unknown;
  try {
    event = JSON.parse(raw);
  } catch {
    return { error: 'invalid JSON' };
  }
  if (!isRecord(event)) return { error: 'not an object' };
  const { output: _output, output_fields: _fields, ...rest } = event;
  const { rule, priority, time, output, output_fields: fields, source, tags, hostname } = event;
  if (typeof rule !== 'string' || rule === '') return { error: 'rule is required' };
  if (typeof time !== 'string' || time === '') return { error: 'time is required' };
  const level = typeof priority === 'string' ? parsePriority(priority) : undefined;
  if (!level) return { error: 'priority is invalid' };
  if (!isRecord(fields) || Object.keys(fields).length === 0)
    return { error: 'output_fields is required' };
  const tagList = Array.isArray(tags) ? tags.filter((t): t is string => typeof t === 'string') : [];
  const id = randomUUID();
  return {
    id,
    line: [
      id,
      receivedAt,
      time,
      time,
      String(priorityRank(level)),
      copyText(rule),
      typeof output === 'string' ? copyText(output) : NULL,
      // Re-serialised: rounds evt.time to a double. Aerie must not; the cost is the same.
      copyText(JSON.stringify(fields)),
      copyText(typeof source === 'string' && source !== '' ? source : 'syscalls'),
      copyText(arrayLiteral(tagList)),
      typeof hostname === 'string' ? copyText(hostname) : NULL,
      'unknown',
      copyText(rule),
      randomUUID(),
      copyText(JSON.stringify(rest)),
    ].join('\t'),
  };
}

const NULL = '\\N';

/** Escapes a value for COPY's text format (backslash, tab, newline, carriage return). */
export function copyText(value: string): string {
  return value.replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}

/** A Postgres text[] literal: every element quoted, `"` and `\` escaped. */
export function arrayLiteral(items: readonly string[]): string {
  return `{${items.map((s) => `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
