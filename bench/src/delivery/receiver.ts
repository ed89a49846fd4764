import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import {
  wallClock,
  type ReceiverCommand,
  type ReceiverCount,
  type ReceiverReply,
} from './protocol.js';

/**
 * The fast destination: a bare node:http server (child process of the benchmark) answering every
 * request at once with the status it is told (200 up, 503 down), and noting for each
 * `webhook-id` when it was first answered 200. It runs in its own process so that receiving does
 * not compete with the benchmark's event loop (ingest client, baseline sender).
 */

let status = 200;
let keepBodies = false;
let firstOk = new Map<string, number>();
let bodies = new Map<string, string>();
let requests = 0;
let refused = 0;
let duplicates = 0;
let anonymous = 0;
let firstRequestAt: number | undefined;

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const at = wallClock();
    requests++;
    firstRequestAt ??= at;
    const id = req.headers['webhook-id'];
    const answer = status;
    if (typeof id !== 'string') anonymous++;
    else if (answer !== 200) refused++;
    else if (firstOk.has(id)) duplicates++;
    else {
      firstOk.set(id, at);
      if (keepBodies) bodies.set(id, Buffer.concat(chunks).toString('utf8'));
    }
    res.writeHead(answer, { 'content-length': '0' });
    res.end();
  });
});
// Keep-alive connections from Aerie's agent stay open between bursts.
server.keepAliveTimeout = 60_000;

const count = (): ReceiverCount => ({ delivered: firstOk.size, requests, refused });

function reply(message: ReceiverReply): void {
  process.send?.(message);
}

process.on('message', (raw) => {
  const cmd = raw as ReceiverCommand;
  switch (cmd.type) {
    case 'status':
      status = cmd.status;
      return reply({ type: 'done', seq: cmd.seq });
    case 'reset':
      keepBodies = cmd.keepBodies;
      firstOk = new Map();
      bodies = new Map();
      requests = refused = duplicates = anonymous = 0;
      firstRequestAt = undefined;
      return reply({ type: 'done', seq: cmd.seq });
    case 'count':
      return reply({ type: 'done', seq: cmd.seq, count: count() });
    case 'report':
      return reply({
        type: 'done',
        seq: cmd.seq,
        report: { ...count(), firstOk: [...firstOk], duplicates, anonymous, firstRequestAt },
      });
    case 'saveBodies':
      // One JSON [id, body] per line: the baseline sender replays exactly what Aerie sent.
      writeFileSync(cmd.file, [...bodies].map((e) => JSON.stringify(e)).join('\n'));
      return reply({ type: 'done', seq: cmd.seq, saved: bodies.size });
  }
});
// The benchmark gone (even killed), the receiver goes too.
process.on('disconnect', () => process.exit(0));

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  reply({ type: 'ready', port: typeof address === 'object' && address ? address.port : 0 });
});
