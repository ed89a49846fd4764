import http from 'node:http';

/** One request a receiver got. */
export interface Received {
  at: number;
  method: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** How the receiver answers the next request: a status, headers and body. */
export type Answer =
  { status: number; headers?: Record<string, string>; body?: string; delayMs?: number } | 'hang';

/**
 * A local HTTP destination on a real socket that records what it receives and answers as told —
 * up, down (503), throttling (429 + Retry-After), refusing (400), or not answering at all.
 */
export async function startReceiver(answer: (r: Received) => Answer = () => ({ status: 200 })) {
  const received: Received[] = [];
  let respond = answer;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: Received = {
        at: Date.now(),
        method: req.method ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      const a = respond(r);
      if (a === 'hang') return; // never answers: the sender's timeout must fire
      received.push(r);
      setTimeout(() => {
        res.writeHead(a.status, a.headers ?? {});
        res.end(a.body ?? '');
      }, a.delayMs ?? 0);
    });
  });
  const { url, close } = await listenLocally(server);
  return {
    url,
    received,
    /** Changes how later requests are answered. */
    answerWith(next: (r: Received) => Answer) {
      respond = next;
    },
    close,
  };
}

/**
 * Listens on 127.0.0.1 on a port the OS picks: the server's base URL, and `close`, which also
 * ends kept-alive connections so the server stops at once.
 */
export async function listenLocally(
  server: http.Server,
): Promise<{ url: string; close: () => Promise<void> }> {
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

/** Waits until `check` holds, polling; fails with `what` after `ms`. */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  what: string,
  ms = 30_000,
) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
