import { writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type Server } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { HOLD, wallClock } from '../delivery/protocol.js';
import { Arrivals, serveReceiver } from '../delivery/receiver-child.js';
import {
  bulkSuccess,
  eventIds,
  frameMessage,
  isSiemType,
  splitFrames,
  syslogEventId,
  type HttpSiemType,
} from './formats.js';
import type { SavedRequest } from './requests.js';

/**
 * A local stand-in for one SIEM (child process of the benchmark, `receiver.js <type>`): answers
 * success the way that service does (HEC `{"text":"Success","code":0}`, `_bulk` 200 with a 201
 * per item, Loki 204, Azure Monitor 204 after an Entra token; syslog over TCP, octet counting)
 * and notes when each event id first arrived. HTTP requests can be held unanswered (a backlog
 * builds up in Aerie's outbox) and released at once. Speaks the delivery receiver's IPC protocol, so the
 * delivery benchmark's client and end-to-end run drive it unchanged.
 */

const type = process.argv[2] ?? '';
if (!isSiemType(type)) throw new Error(`receiver: unknown type ${type}`);

/** The access token this Entra stand-in issues and the ingestion endpoint accepts. */
const BENCH_TOKEN = 'bench-access-token';

const arrivals = new Arrivals();
let saved: SavedRequest[] = [];
/** Requests that came while holding: handled, in order, once the status changes. */
let held: Array<() => void> = [];

function received(ids: readonly string[], at: number): void {
  for (const id of ids) arrivals.ok(id, at);
}

function answer(res: ServerResponse, code: number, body?: string): void {
  res.writeHead(code, {
    'content-length': String(body === undefined ? 0 : Buffer.byteLength(body)),
    ...(body === undefined ? {} : { 'content-type': 'application/json' }),
  });
  res.end(body);
}

function handle(kind: HttpSiemType, req: IncomingMessage, raw: Buffer, res: ServerResponse): void {
  const path = req.url ?? '/';
  if (kind === 'sentinel' && path.endsWith('/oauth2/v2.0/token')) {
    // Entra ID's client-credentials answer (the engine fetches it once and caches it).
    const token = { token_type: 'Bearer', expires_in: 3599, access_token: BENCH_TOKEN };
    return answer(res, 200, JSON.stringify(token));
  }
  const at = wallClock();
  if (!arrivals.request(at)) return answer(res, arrivals.status);
  if (kind === 'sentinel' && req.headers.authorization !== `Bearer ${BENCH_TOKEN}`)
    return answer(res, 401, JSON.stringify({ error: { code: 'InvalidToken' } }));
  const encoding = req.headers['content-encoding'];
  const body = (encoding === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
  const ids = eventIds(kind, body);
  received(ids, at);
  if (arrivals.keepBodies) {
    const headers: Record<string, string> = {};
    for (const h of ['content-type', 'content-encoding', 'authorization']) {
      const v = req.headers[h];
      if (typeof v === 'string') headers[h] = v;
    }
    saved.push({ path, headers, body: raw.toString('base64'), events: ids.length });
  }
  switch (kind) {
    case 'splunk':
      return answer(res, 200, '{"text":"Success","code":0}');
    case 'elasticsearch':
      return answer(res, 200, bulkSuccess(body));
    case 'loki':
    case 'sentinel':
      return answer(res, 204);
  }
}

function httpServer(kind: HttpSiemType): Server {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const run = () => {
        try {
          handle(kind, req, Buffer.concat(chunks), res);
        } catch (err) {
          answer(res, 400, JSON.stringify({ error: String(err) }));
        }
      };
      if (arrivals.status === HOLD) held.push(run);
      else run();
    });
  });
  // Keep-alive connections from Aerie's agent stay open between bursts.
  server.keepAliveTimeout = 60_000;
  return server;
}

/** Syslog over TCP: no answers; every complete frame is one event (a TCP read, one "request"). */
function syslogServer(): Server {
  return createTcpServer((socket) => {
    let pending = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      const at = wallClock();
      arrivals.request(at);
      const { frames, rest } = splitFrames(Buffer.concat([pending, chunk]));
      pending = Buffer.from(rest);
      received(
        frames.map((f) => syslogEventId(frameMessage(f))),
        at,
      );
      if (arrivals.keepBodies && frames.length > 0)
        saved.push({
          path: '',
          headers: {},
          body: Buffer.concat(frames).toString('base64'),
          events: frames.length,
        });
    });
    socket.on('error', () => socket.destroy());
  });
}

serveReceiver(type === 'syslog' ? syslogServer() : httpServer(type), arrivals, {
  clear: () => {
    saved = [];
  },
  status: () => {
    if (arrivals.status === HOLD) return;
    const release = held;
    held = [];
    for (const run of release) run();
  },
  save: (file) => {
    // One SavedRequest per line: the baseline sender replays exactly what Aerie sent.
    writeFileSync(file, saved.map((s) => JSON.stringify(s)).join('\n'));
    return saved.reduce((n, s) => n + s.events, 0);
  },
});
