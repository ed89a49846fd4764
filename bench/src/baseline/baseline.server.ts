import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { toCopyLine } from './copy-row.js';
import type { GroupCommitter } from './group-commit.js';

const MAX_BODY_BYTES = 16 * 1024 * 1024;

/**
 * The reference ingest: bare node:http, JSON.parse, group-committed COPY, 200 after COMMIT.
 * Same routes as Aerie's ingest (`POST /` one event, `POST /api/v1/events` NDJSON), so one load
 * script drives both.
 */
export function createBaselineServer(committer: GroupCommitter): Server {
  const server = createServer((req, res) => {
    handle(committer, req, res).catch((err: unknown) => {
      reply(res, 500, { error: err instanceof Error ? err.message : String(err) });
    });
  });
  server.keepAliveTimeout = 65_000;
  return server;
}

async function handle(
  committer: GroupCommitter,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method === 'GET' && (path === '/readyz' || path === '/healthz'))
    return reply(res, 200, { status: 'ok' });
  if (req.method !== 'POST' || (path !== '/' && path !== '/api/v1/events'))
    return reply(res, 404, { error: 'not found' });

  const body = await readBody(req);
  if (body === undefined) return reply(res, 413, { error: 'body too large' });
  const receivedAt = new Date().toISOString();

  if (path === '/') {
    const row = toCopyLine(body, receivedAt);
    if ('error' in row) return reply(res, 400, { error: row.error });
    await committer.submit([row.line]);
    return reply(res, 200, { id: row.id });
  }

  // Same answer shape as Aerie's (ids in input order), so both send comparable bytes.
  const lines: string[] = [];
  const ids: string[] = [];
  const errors: { index: number; line: number; issues: { field: string; message: string }[] }[] =
    [];
  body.split('\n').forEach((text, index) => {
    if (text.trim() === '') return;
    const row = toCopyLine(text, receivedAt);
    if ('error' in row)
      errors.push({ index, line: index + 1, issues: [{ field: '', message: row.error }] });
    else {
      lines.push(row.line);
      ids.push(row.id);
    }
  });
  if (lines.length > 0) await committer.submit(lines);
  return reply(res, 200, { accepted: lines.length, rejected: errors.length, ids, errors });
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () =>
      resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString('utf8')),
    );
    req.on('error', reject);
  });
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}
