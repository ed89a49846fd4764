import { LiveServerMessageSchema, type LiveServerMessage } from '@aerie/contracts';
import WebSocket from 'ws';

/** Who opens the socket: a token, a session cookie, and the page's Origin. */
export interface LiveAs {
  token?: string;
  cookie?: string;
  origin?: string;
  /** Default `/api/v1/live`. */
  path?: string;
}

/** A real WebSocket client of the live stream that records every message (checked against the contract). */
export interface LiveSocket {
  ws: WebSocket;
  messages: LiveServerMessage[];
  send(message: unknown): void;
  /** The next message (after those already taken) that satisfies `test`. */
  next<T extends LiveServerMessage['type']>(
    type: T,
    test?: (m: Extract<LiveServerMessage, { type: T }>) => boolean,
    timeoutMs?: number,
  ): Promise<Extract<LiveServerMessage, { type: T }>>;
  /** How the server closed the socket. */
  closed: Promise<{ code: number; reason: string }>;
  close(): Promise<void>;
}

function wsUrl(base: string, path = '/api/v1/live'): string {
  return `${base.replace(/^http/, 'ws')}${path}`;
}

function headersOf(as: LiveAs): Record<string, string> {
  const headers: Record<string, string> = {};
  if (as.token) headers['authorization'] = `Bearer ${as.token}`;
  if (as.cookie) headers['cookie'] = as.cookie;
  if (as.origin) headers['origin'] = as.origin;
  return headers;
}

export function openLive(base: string, as: LiveAs): Promise<LiveSocket> {
  const ws = new WebSocket(wsUrl(base, as.path), { headers: headersOf(as) });
  const messages: LiveServerMessage[] = [];
  let taken = 0;
  const waiters = new Set<() => void>();
  ws.on('message', (data: Buffer) => {
    messages.push(LiveServerMessageSchema.parse(JSON.parse(data.toString())));
    for (const wake of waiters) wake();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  const socket: LiveSocket = {
    ws,
    messages,
    send: (message) => ws.send(typeof message === 'string' ? message : JSON.stringify(message)),
    next: (type, test, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const look = () => {
          for (let i = taken; i < messages.length; i++) {
            const m = messages[i]!;
            if (m.type === type && (!test || test(m as never))) {
              taken = i + 1;
              waiters.delete(look);
              clearTimeout(timer);
              resolve(m as never);
              return;
            }
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(look);
          reject(
            new Error(
              `no ${type} message within ${timeoutMs} ms; got ${JSON.stringify(messages.slice(taken)).slice(0, 500)}`,
            ),
          );
        }, timeoutMs);
        waiters.add(look);
        look();
      }),
    closed,
    close: async () => {
      ws.close();
      await closed;
    },
  };
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(socket));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) =>
      reject(new Error(`upgrade refused: ${res.statusCode ?? 0}`)),
    );
  });
}

/** The HTTP status an upgrade is refused with (throws if it is accepted). */
export function refusal(base: string, as: LiveAs): Promise<{ status: number; body: string }> {
  const ws = new WebSocket(wsUrl(base, as.path), { headers: headersOf(as) });
  return new Promise((resolve, reject) => {
    ws.once('open', () => {
      ws.close();
      reject(new Error('the upgrade was accepted'));
    });
    ws.once('unexpected-response', (_req, res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    ws.once('error', (err) => reject(err));
  });
}
