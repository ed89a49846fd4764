import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { wallClock } from './protocol.js';
import { Arrivals, serveReceiver } from './receiver-child.js';

/**
 * The fast destination: a bare node:http server (child process of the benchmark) answering every
 * request at once with the status it is told (200 up, 503 down), and noting for each
 * `webhook-id` when it was first answered 200. It runs in its own process so that receiving does
 * not compete with the benchmark's event loop (ingest client, baseline sender).
 */

const arrivals = new Arrivals();
let bodies = new Map<string, string>();

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const at = wallClock();
    const up = arrivals.request(at);
    const id = req.headers['webhook-id'];
    if (typeof id !== 'string') arrivals.anonymousRequest();
    else if (up && arrivals.ok(id, at) && arrivals.keepBodies)
      bodies.set(id, Buffer.concat(chunks).toString('utf8'));
    res.writeHead(arrivals.status, { 'content-length': '0' });
    res.end();
  });
});
// Keep-alive connections from Aerie's agent stay open between bursts.
server.keepAliveTimeout = 60_000;

serveReceiver(server, arrivals, {
  clear: () => {
    bodies = new Map();
  },
  save: (file) => {
    // One JSON [id, body] per line: the baseline sender replays exactly what Aerie sent.
    writeFileSync(file, [...bodies].map((e) => JSON.stringify(e)).join('\n'));
    return bodies.size;
  },
});
