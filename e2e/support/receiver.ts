import http from 'node:http';

/** One request the receiver got. */
export interface Received {
  path: string;
  body: string;
}

/**
 * A local HTTP destination for an output, on a real socket in the test's process: it records
 * what it receives and answers with the status it is told (500 while "down").
 */
export async function startReceiver(initialStatus: number) {
  const received: Received[] = [];
  let status = initialStatus;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(status < 300 ? 'ok' : 'receiver down for the test');
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    received,
    /** Answers later requests with `next`. */
    answer(next: number) {
      status = next;
    },
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
