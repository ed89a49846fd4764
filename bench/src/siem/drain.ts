import http from 'node:http';
import { createGunzip, gunzipSync } from 'node:zlib';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';

/**
 * The pollers of the SIEM pull benchmark. Each drains every stored event from the start and
 * parses every one (a SIEM does), so the figures compare whole consumer loops.
 */

export interface Drained {
  events: number;
  seconds: number;
  /** Bytes on the wire (compressed when gzip was asked). */
  bytes: number;
  requests: number;
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function get(agent: http.Agent, url: string, headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers, timeout: 120_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 120 s')));
    req.on('error', reject);
  });
}

/**
 * GETs an NDJSON page and parses each line as it arrives (what NDJSON is for: the consumer works
 * while the server still writes). Resolves with the lines parsed and the answer's headers.
 */
function getLines(
  agent: http.Agent,
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; lines: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers, timeout: 120_000 }, (res) => {
      let bytes = 0;
      let lines = 0;
      let rest = '';
      res.on('data', (c: Buffer) => (bytes += c.length));
      const body = res.headers['content-encoding'] === 'gzip' ? res.pipe(createGunzip()) : res;
      body.setEncoding('utf8');
      body.on('data', (chunk: string) => {
        rest += chunk;
        const cut = rest.lastIndexOf('\n');
        if (cut < 0) return;
        lines += parseLines(rest.slice(0, cut));
        rest = rest.slice(cut + 1);
      });
      body.on('end', () => {
        lines += parseLines(rest);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, lines, bytes });
      });
      body.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 120 s')));
    req.on('error', reject);
  });
}

function text(answer: Answer): string {
  const raw = answer.headers['content-encoding'] === 'gzip' ? gunzipSync(answer.body) : answer.body;
  return raw.toString('utf8');
}

function parseLines(body: string): number {
  let n = 0;
  for (const line of body.split('\n')) {
    if (line === '') continue;
    JSON.parse(line);
    n++;
  }
  return n;
}

export interface PagePoll {
  token: string;
  /** Path and query without cursor, e.g. `/api/v1/siem/events?limit=1000`. */
  path: string;
  ndjson: boolean;
  gzip: boolean;
  /** Stop once this many events were read. */
  events: number;
}

/** Follows the pages of `path` from the first one until `events` events were read. */
export async function drainPages(baseUrl: string, poll: PagePoll): Promise<Drained> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const headers: Record<string, string> = { authorization: `Bearer ${poll.token}` };
  if (poll.ndjson) headers['accept'] = 'application/x-ndjson';
  if (poll.gzip) headers['accept-encoding'] = 'gzip';
  const started = performance.now();
  let events = 0;
  let bytes = 0;
  let requests = 0;
  let cursor: string | null = null;
  try {
    while (events < poll.events) {
      const sep = poll.path.includes('?') ? '&' : '?';
      const target = `${baseUrl}${poll.path}${cursor ? `${sep}cursor=${encodeURIComponent(cursor)}` : ''}`;
      let read: number;
      if (poll.ndjson) {
        const answer = await getLines(agent, target, headers);
        requests++;
        if (answer.status !== 200) throw new Error(`${poll.path}: ${answer.status}`);
        bytes += answer.bytes;
        read = answer.lines;
        cursor = String(answer.headers['x-next-cursor'] ?? '');
      } else {
        const answer = await get(agent, target, headers);
        requests++;
        if (answer.status !== 200)
          throw new Error(`${poll.path}: ${answer.status} ${answer.body.toString().slice(0, 200)}`);
        bytes += answer.body.length;
        const page = JSON.parse(text(answer)) as { items: unknown[]; next_cursor: string | null };
        read = page.items.length;
        cursor = page.next_cursor;
      }
      events += read;
      if (read === 0 || !cursor) break;
    }
  } finally {
    agent.destroy();
  }
  return { events, seconds: (performance.now() - started) / 1000, bytes, requests };
}

/** Reads `GET /api/v1/siem/stream` from the oldest event until `events` event lines came. */
export function drainStream(baseUrl: string, token: string, events: number): Promise<Drained> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let seen = 0;
    let bytes = 0;
    let rest = '';
    const req = http.get(
      `${baseUrl}/api/v1/siem/stream?heartbeat=5m`,
      { headers: { authorization: `Bearer ${token}` } },
      (res) => {
        if (res.statusCode !== 200) {
          reject(new Error(`stream: ${res.statusCode}`));
          return;
        }
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          bytes += Buffer.byteLength(chunk);
          rest += chunk;
          const lines = rest.split('\n');
          rest = lines.pop() ?? '';
          for (const line of lines) {
            if (line === '') continue;
            const parsed = JSON.parse(line) as { event?: unknown };
            if (parsed.event !== undefined) seen++;
          }
          if (seen >= events) {
            const seconds = (performance.now() - started) / 1000;
            req.destroy();
            resolve({ events: seen, seconds, bytes, requests: 1 });
          }
        });
        res.on('error', () => undefined);
      },
    );
    req.on('error', (err) => {
      if (seen < events) reject(err);
    });
  });
}

/**
 * The baseline: the database alone — `COPY` of the very JSON the API builds for each event
 * (Aerie's own column list), in seq order, over one connection, each line parsed.
 */
export async function drainCopy(databaseUrl: string, selectJson: string): Promise<Drained> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const started = performance.now();
    // CSV with a delimiter and quote no JSON text holds: every line is the JSON as is.
    const stream = client.query(
      copyTo(
        `COPY (${selectJson} FROM events e ORDER BY e.seq) TO STDOUT WITH (FORMAT csv, DELIMITER E'\\x02', QUOTE E'\\x01')`,
      ),
    );
    let events = 0;
    let bytes = 0;
    let rest = '';
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      rest += chunk.toString('utf8');
      const cut = rest.lastIndexOf('\n');
      if (cut < 0) continue;
      events += parseLines(rest.slice(0, cut));
      rest = rest.slice(cut + 1);
    }
    events += parseLines(rest);
    return { events, seconds: (performance.now() - started) / 1000, bytes, requests: 1 };
  } finally {
    await client.end();
  }
}
