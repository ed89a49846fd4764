/**
 * What the SIEM receivers read of Aerie's requests: the event ids each request carries, in each
 * destination's own format (rendered by libs/outputs), and the answers those services give.
 */

export const SIEM_TYPES = ['splunk', 'elasticsearch', 'loki', 'sentinel', 'syslog'] as const;
export type SiemType = (typeof SIEM_TYPES)[number];
export type HttpSiemType = Exclude<SiemType, 'syslog'>;

export function isSiemType(s: string): s is SiemType {
  return (SIEM_TYPES as readonly string[]).includes(s);
}

interface Envelope {
  event?: { id?: unknown };
}
type BulkAction = Record<string, { _index?: unknown; _id?: unknown }>;
interface LokiPush {
  streams?: Array<{ values?: Array<[string, string, ...unknown[]]> }>;
}

const idOf = (value: unknown): string => {
  if (typeof value !== 'string' || value === '') throw new Error('an event without its id');
  return value;
};

/** The bulk actions that carry a document on the next line (`delete` has none). */
const WITH_DOCUMENT = new Set(['create', 'index', 'update']);

/** The bulk request's actions, in order: the action name and the document `_id`. */
export function bulkActions(body: string): Array<{ action: string; index: string; id: string }> {
  const lines = body.split('\n').filter((l) => l !== '');
  const actions: Array<{ action: string; index: string; id: string }> = [];
  for (let i = 0; i < lines.length; i++) {
    const parsed = JSON.parse(lines[i]!) as BulkAction;
    const [action, meta] = Object.entries(parsed)[0] ?? [];
    if (action === undefined || meta === undefined) throw new Error('an empty bulk action line');
    actions.push({ action, index: String(meta._index ?? ''), id: idOf(meta._id) });
    if (WITH_DOCUMENT.has(action)) i++;
  }
  return actions;
}

/** The ids of the events in one (decompressed) HTTP request body. */
export function eventIds(type: HttpSiemType, body: string): string[] {
  switch (type) {
    case 'splunk':
      // Envelopes one per line: JSON.stringify never leaves a raw line feed inside one.
      return body
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => idOf((JSON.parse(l) as Envelope).event?.id));
    case 'elasticsearch':
      return bulkActions(body).map((a) => a.id);
    case 'loki':
      return ((JSON.parse(body) as LokiPush).streams ?? []).flatMap((s) =>
        (s.values ?? []).map(([, line]) => idOf((JSON.parse(line) as { id?: unknown }).id)),
      );
    case 'sentinel':
      return (JSON.parse(body) as Array<{ EventId?: unknown }>).map((r) => idOf(r.EventId));
  }
}

/** Elasticsearch's `_bulk` answer when every item succeeded: one 201 per action, in order. */
export function bulkSuccess(body: string): string {
  const items = bulkActions(body).map(({ action, index, id }) => ({
    [action]: { _index: index, _id: id, status: 201 },
  }));
  return JSON.stringify({ took: 1, errors: false, items });
}

/** Aerie's id in an RFC 5424 message (the `id` of its `falco@<PEN>` structured data). */
export function syslogEventId(message: string): string {
  const m = /\[falco@[0-9.]+ id="([^"]+)"/.exec(message);
  return idOf(m?.[1]);
}

/**
 * Splits octet-counted syslog frames (RFC 6587 §3.4.1, `<length> <message>`) off a TCP stream:
 * the complete frames (with their length prefix) and the bytes of an incomplete one left over.
 */
export function splitFrames(buffer: Buffer): { frames: Buffer[]; rest: Buffer } {
  const frames: Buffer[] = [];
  let at = 0;
  for (;;) {
    const space = buffer.indexOf(0x20, at);
    if (space < 0) break;
    const length = Number(buffer.toString('latin1', at, space));
    if (!Number.isInteger(length) || length <= 0) throw new Error('not an octet-counted frame');
    const end = space + 1 + length;
    if (end > buffer.length) break;
    frames.push(buffer.subarray(at, end));
    at = end;
  }
  return { frames, rest: buffer.subarray(at) };
}

/** The message of one frame (without its length prefix). */
export const frameMessage = (frame: Buffer): string =>
  frame.toString('utf8', frame.indexOf(0x20) + 1);
