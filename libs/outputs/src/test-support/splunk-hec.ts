/**
 * A local Splunk HTTP Event Collector on a real socket that answers as HEC does (NOTES.md §4):
 * `{"text","code"}` bodies with HEC's status codes, a stream of concatenated JSON envelopes read
 * in order and indexed up to the first bad one (`invalid-event-number`, 0-based), gzip bodies,
 * token, index and channel checks, a busy server (503 code 9), a throttling proxy (429 +
 * Retry-After) and indexer acknowledgement (`ackId`, `POST /services/collector/ack`).
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { HttpAnswer, HttpMessage } from '../output.js';

export interface HecToken {
  /** Indexes the token may write to; the first is its default. */
  indexes: string[];
  disabled?: boolean;
  /** Indexer acknowledgement on: requests need a channel and get an `ackId`. */
  useAck?: boolean;
  /** 503 code 9 when the request's event at this position is reached (events before it are indexed). */
  busyAt?: number;
  /** 429 with `Retry-After` of this many seconds (a throttling proxy or Splunk Cloud). */
  throttledFor?: number;
}

/** An event HEC indexed: the envelope's text exactly as received, and its parsed members. */
export interface IndexedEvent {
  text: string;
  index: string;
  host?: string;
  source?: string;
  sourcetype?: string;
  time?: number;
  event: unknown;
}

export interface HecRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** After gunzip. */
  body: string;
}

export interface LocalHec {
  url: string;
  tokens: Map<string, HecToken>;
  indexed: IndexedEvent[];
  requests: HecRequest[];
  /** The indexers catch up: every ack id given so far becomes true. */
  indexPendingAcks(): void;
  close(): Promise<void>;
}

interface Reply {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EVENT_PATHS = new Set([
  '/services/collector',
  '/services/collector/event',
  '/services/collector/event/1.0',
]);

const hec = (status: number, code: number, text: string, extra: object = {}): Reply => ({
  status,
  headers: { 'content-type': 'application/json; charset=UTF-8' },
  body: JSON.stringify({ text, code, ...extra }),
});

export async function startHec(tokens: Record<string, HecToken>): Promise<LocalHec> {
  const state = {
    tokens: new Map(Object.entries(tokens)),
    indexed: [] as IndexedEvent[],
    requests: [] as HecRequest[],
    /** channel → ack id → indexed yet */
    acks: new Map<string, Map<number, boolean>>(),
    nextAck: new Map<string, number>(),
  };

  function answer(req: HecRequest, raw: Buffer): Reply {
    const [path = '', query = ''] = req.path.split('?');
    if (path === '/services/collector/health') return hec(200, 17, 'HEC is healthy');
    const isEvent = EVENT_PATHS.has(path);
    if (!isEvent && path !== '/services/collector/ack') {
      return hec(404, 404, 'The requested URL was not found on this server.');
    }
    const auth = req.headers.authorization;
    if (auth === undefined) return hec(401, 2, 'Token is required');
    if (!auth.startsWith('Splunk ')) return hec(401, 3, 'Invalid authorization');
    const token = state.tokens.get(auth.slice('Splunk '.length));
    if (token === undefined) return hec(403, 4, 'Invalid token');
    if (token.disabled) return hec(403, 1, 'Token disabled');
    if (token.throttledFor !== undefined) {
      return {
        status: 429,
        headers: { 'retry-after': String(token.throttledFor) },
        body: 'Too Many Requests',
      };
    }
    const channel =
      (req.headers['x-splunk-request-channel'] as string | undefined) ??
      new URLSearchParams(query).get('channel') ??
      undefined;
    if (channel !== undefined && !GUID.test(channel)) return hec(400, 11, 'Invalid data channel');
    if (!isEvent) return pollAcks(token, channel, req.body);
    if (token.useAck && channel === undefined) return hec(400, 10, 'Data channel is missing');
    let body: string;
    try {
      body =
        req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw).toString('utf8') : req.body;
    } catch {
      return hec(400, 6, 'Invalid data format');
    }
    req.body = body;
    if (body.trim() === '') return hec(400, 5, 'No data');
    let i = 0;
    for (let n = 0; ; n++) {
      i = skipSpace(body, i);
      if (i >= body.length) break;
      if (token.busyAt === n) {
        return hec(503, 9, 'Server is busy', n > 0 ? { 'invalid-event-number': n } : {});
      }
      const end = objectEnd(body, i);
      const text = end === undefined ? undefined : body.slice(i, end);
      const problem: ReturnType<typeof check> =
        text === undefined ? [6, 'Invalid data format'] : check(text, token);
      if (Array.isArray(problem)) {
        const [code, message] = problem;
        return hec(400, code, message, { 'invalid-event-number': n });
      }
      state.indexed.push(problem);
      i = end!;
    }
    if (!token.useAck || channel === undefined) return hec(200, 0, 'Success');
    const ackId = state.nextAck.get(channel) ?? 0;
    state.nextAck.set(channel, ackId + 1);
    const pending = state.acks.get(channel) ?? new Map<number, boolean>();
    pending.set(ackId, false);
    state.acks.set(channel, pending);
    return hec(200, 0, 'Success', { ackId });
  }

  function pollAcks(token: HecToken, channel: string | undefined, body: string): Reply {
    if (!token.useAck) return hec(400, 14, 'ACK is disabled');
    if (channel === undefined) return hec(400, 10, 'Data channel is missing');
    let ids: unknown;
    try {
      ids = (JSON.parse(body) as { acks?: unknown }).acks;
    } catch {
      return hec(400, 6, 'Invalid data format');
    }
    if (!Array.isArray(ids) || !ids.every((id) => Number.isInteger(id))) {
      return hec(400, 6, 'Invalid data format');
    }
    const pending = state.acks.get(channel) ?? new Map<number, boolean>();
    const acks: Record<string, boolean> = {};
    for (const id of ids as number[]) {
      acks[String(id)] = pending.get(id) === true;
      // HEC forgets an ack once it has reported it true.
      if (acks[String(id)]) pending.delete(id);
    }
    return {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ acks }),
    };
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const request: HecRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: raw.toString('utf8'),
      };
      state.requests.push(request);
      const reply = answer(request, raw);
      res.writeHead(reply.status, reply.headers ?? {});
      res.end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    tokens: state.tokens,
    indexed: state.indexed,
    requests: state.requests,
    indexPendingAcks: () => {
      for (const pending of state.acks.values())
        for (const id of pending.keys()) pending.set(id, true);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}

/** The envelope's problem as `[code, text]`, or the event HEC would index. */
function check(text: string, token: HecToken): [number, string] | IndexedEvent {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [6, 'Invalid data format'];
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [6, 'Invalid data format'];
  }
  const e = value as Record<string, unknown>;
  if (!('event' in e)) return [12, 'Event field is required'];
  if (e['event'] === null || (typeof e['event'] === 'string' && e['event'].trim() === '')) {
    return [13, 'Event field cannot be blank'];
  }
  for (const key of ['host', 'source', 'sourcetype', 'index'] as const) {
    if (e[key] !== undefined && typeof e[key] !== 'string') return [6, 'Invalid data format'];
  }
  const time = e['time'];
  if (time !== undefined && typeof time !== 'number' && !/^\d+(\.\d+)?$/.test(String(time))) {
    return [6, 'Invalid data format'];
  }
  const fields = e['fields'];
  if (fields !== undefined && !isFlat(fields)) return [6, 'Invalid data format'];
  const index = (e['index'] as string | undefined) ?? token.indexes[0]!;
  if (!token.indexes.includes(index)) return [7, 'Incorrect index'];
  return {
    text,
    index,
    event: e['event'],
    ...(e['host'] === undefined ? {} : { host: e['host'] as string }),
    ...(e['source'] === undefined ? {} : { source: e['source'] as string }),
    ...(e['sourcetype'] === undefined ? {} : { sourcetype: e['sourcetype'] as string }),
    ...(time === undefined ? {} : { time: Number(time) }),
  };
}

function isFlat(fields: unknown): boolean {
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) return false;
  return Object.values(fields).every(
    (v) => typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string')),
  );
}

function skipSpace(s: string, i: number): number {
  while (i < s.length && /\s/.test(s[i]!)) i++;
  return i;
}

/** Index just past the JSON object starting at `i`; undefined when there is none. */
function objectEnd(s: string, i: number): number | undefined {
  if (s[i] !== '{') return undefined;
  let depth = 0;
  for (let j = i; j < s.length; j++) {
    const c = s[j];
    if (c === '"') {
      for (j++; j < s.length && s[j] !== '"'; j++) if (s[j] === '\\') j++;
    } else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return j + 1;
    }
  }
  return undefined;
}

/** Sends a rendered message as the delivery engine does: gzipped when the plugin asks for it. */
export async function sendAsEngine(message: HttpMessage): Promise<HttpAnswer> {
  const headers = { ...message.headers };
  let body: string | Buffer = message.body;
  if (message.gzip) {
    body = gzipSync(Buffer.from(message.body, 'utf8'));
    headers['content-encoding'] = 'gzip';
  }
  const response = await fetch(message.url, { method: message.method, headers, body });
  const answer: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    answer[name] = value;
  });
  return {
    status: response.status,
    headers: answer,
    body: (await response.text()).slice(0, 65_536),
  };
}
