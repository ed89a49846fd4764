import http from 'node:http';

/** A keep-alive agent with at most `sockets` connections (one per request in flight). */
export const keepAliveAgent = (sockets: number): http.Agent =>
  new http.Agent({ keepAlive: true, maxSockets: sockets });

/** One POST over `agent`; resolves with the status and body once the answer is read. */
export function post(
  agent: http.Agent,
  url: URL,
  headers: Record<string, string>,
  body: Buffer,
  timeoutMs = 60_000,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { ...headers, 'content-length': String(body.length) },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** Runs `work(i)` for i in [0, n) with `concurrency` of them at once, in order of i. */
export async function pool(
  n: number,
  concurrency: number,
  work: (i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, n) }, async () => {
      for (let i = next++; i < n; i = next++) await work(i);
    }),
  );
}
