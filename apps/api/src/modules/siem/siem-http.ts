import { Readable, pipeline } from 'node:stream';
import { constants, createGzip } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const JSON_TYPE = 'application/json; charset=utf-8';
export const NDJSON_TYPE = 'application/x-ndjson; charset=utf-8';

/** NDJSON when the client asks for it (`Accept: application/x-ndjson`), else JSON. */
export function wantsNdjson(req: FastifyRequest): boolean {
  return acceptable(req.headers.accept, 'application/x-ndjson');
}

/** `Accept-Encoding: gzip` (with a non-zero q). */
export function acceptsGzip(req: FastifyRequest): boolean {
  return acceptable(req.headers['accept-encoding'], 'gzip');
}

function acceptable(header: string | undefined, wanted: string): boolean {
  if (header === undefined) return false;
  return header.split(',').some((part) => {
    const [value, ...params] = part.trim().split(';');
    if (value?.trim().toLowerCase() !== wanted) return false;
    const q = params.map((p) => /^\s*q\s*=\s*([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
    return q === undefined || Number(q) > 0;
  });
}

/**
 * The URL of the next page: this request's URL with `cursor` replaced. Absolute, from publicUrl
 * when it is set (behind a proxy the request alone cannot tell the scheme and host).
 */
export function nextPageUrl(
  req: FastifyRequest,
  publicUrl: string | undefined,
  cursor: string,
): string {
  const original = new URL(req.originalUrl, 'http://aerie.invalid');
  const params = new URLSearchParams(original.search);
  params.delete('cursor');
  params.set('cursor', cursor);
  const path = publicUrl
    ? `${publicUrl}${new URL(req.url, 'http://aerie.invalid').pathname}`
    : `${req.protocol}://${req.host}${original.pathname}`;
  return `${path}?${params.toString()}`;
}

/**
 * Sends `body` as it is produced, gzipped when the client accepts it; `flushEach` pushes every
 * piece through the compressor at once (a long-lived stream's lines and heartbeats must not wait
 * in its buffer). Backpressure: the body is pulled only as fast as the client reads.
 */
export function sendStream(
  req: FastifyRequest,
  reply: FastifyReply,
  body: AsyncIterable<string>,
  contentType: string,
  headers: Record<string, string>,
  flushEach = false,
): FastifyReply {
  const source = Readable.from(body, { objectMode: false });
  void reply.headers({ ...headers, 'content-type': contentType, vary: 'accept-encoding' });
  if (!acceptsGzip(req)) return reply.send(source);
  const gzip = createGzip(flushEach ? { flush: constants.Z_SYNC_FLUSH } : {});
  // Errors reach the client as a cut response (the status line is long gone); nothing to add.
  pipeline(source, gzip, () => undefined);
  return reply.header('content-encoding', 'gzip').send(gzip);
}

/** `{"items":[…],"next_cursor":…,"has_more":…}` written as the items arrive. */
export async function* jsonPage(
  items: AsyncIterable<string[]>,
  next: string | null,
  hasMore: boolean,
): AsyncGenerator<string> {
  yield '{"items":[';
  let first = true;
  for await (const chunk of items) {
    if (chunk.length === 0) continue;
    yield (first ? '' : ',') + chunk.join(',');
    first = false;
  }
  yield `],"next_cursor":${JSON.stringify(next)},"has_more":${hasMore}}`;
}

/** One JSON document per line. */
export async function* ndjsonPage(items: AsyncIterable<string[]>): AsyncGenerator<string> {
  for await (const chunk of items) {
    if (chunk.length > 0) yield `${chunk.join('\n')}\n`;
  }
}
