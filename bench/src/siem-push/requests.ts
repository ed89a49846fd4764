import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { wallClock } from '../delivery/protocol.js';
import { sendAll, type Prepared, type SendRun } from '../delivery/sender.js';

/** One request Aerie sent, as the receiver saved it (syslog: the frames of one TCP read). */
export interface SavedRequest {
  /** Path and query as sent; '' for syslog. */
  path: string;
  headers: Record<string, string>;
  /** The body as received (still gzipped when it was), base64. */
  body: string;
  events: number;
}

export function loadRequests(file: string): SavedRequest[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as SavedRequest);
}

/**
 * The baseline for an HTTP output: Aerie's own requests (same batches, bytes, gzip and headers),
 * replayed by a bare node:http client with the output's concurrency.
 */
export function replayHttp(
  receiverUrl: string,
  saved: readonly SavedRequest[],
  concurrency: number,
): Promise<SendRun> {
  const prepared: Prepared[] = saved.map((s) => ({
    url: new URL(s.path, receiverUrl),
    headers: s.headers,
    body: Buffer.from(s.body, 'base64'),
  }));
  return sendAll(prepared, concurrency);
}

/** The baseline for syslog over TCP: Aerie's frames written down one connection. */
export function replaySyslog(receiverUrl: string, saved: readonly SavedRequest[]): Promise<number> {
  const { hostname, port } = new URL(receiverUrl);
  const stream = Buffer.concat(saved.map((s) => Buffer.from(s.body, 'base64')));
  return new Promise((resolve, reject) => {
    const startedAt = wallClock();
    const socket = connect({ host: hostname, port: Number(port) }, () => {
      socket.end(stream, () => resolve(startedAt));
    });
    socket.on('error', reject);
  });
}
