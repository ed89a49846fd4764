import type { Server } from 'node:net';
import type { ReceiverCommand, ReceiverCount, ReceiverReply, ReceiverReport } from './protocol.js';

/** What a receiver child saw since the last reset: requests, and each id's first success. */
export class Arrivals {
  /** The status to answer with: 200 (up) or e.g. 503 (down). */
  status = 200;
  keepBodies = false;
  private firstOk = new Map<string, number>();
  private requests = 0;
  private refused = 0;
  private duplicates = 0;
  private anonymous = 0;
  private firstRequestAt: number | undefined;

  reset(keepBodies: boolean): void {
    this.keepBodies = keepBodies;
    this.firstOk = new Map();
    this.requests = this.refused = this.duplicates = this.anonymous = 0;
    this.firstRequestAt = undefined;
  }

  /** A request arrived at `at`; whether it is to be answered as up. */
  request(at: number): boolean {
    this.requests++;
    this.firstRequestAt ??= at;
    if (this.status !== 200) this.refused++;
    return this.status === 200;
  }

  anonymousRequest(): void {
    this.anonymous++;
  }

  /** Event `id` was answered with success at `at`; false when it already had been. */
  ok(id: string, at: number): boolean {
    if (this.firstOk.has(id)) {
      this.duplicates++;
      return false;
    }
    this.firstOk.set(id, at);
    return true;
  }

  count(): ReceiverCount {
    return { delivered: this.firstOk.size, requests: this.requests, refused: this.refused };
  }

  report(): ReceiverReport {
    return {
      ...this.count(),
      firstOk: [...this.firstOk],
      duplicates: this.duplicates,
      anonymous: this.anonymous,
      firstRequestAt: this.firstRequestAt,
    };
  }
}

/**
 * Runs a receiver child: answers the benchmark's commands over the fork IPC channel, exits with
 * the benchmark (even killed), and says `ready` with its port once `server` listens on loopback.
 * `saveBodies` writes the kept requests to a file and returns how many events they carry;
 * `status` is called after each change of the status to answer with.
 */
export function serveReceiver(
  server: Server,
  arrivals: Arrivals,
  hooks: { clear(): void; save(file: string): number; status?(): void },
): void {
  const reply = (message: ReceiverReply): void => {
    process.send?.(message);
  };
  process.on('message', (raw) => {
    const cmd = raw as ReceiverCommand;
    switch (cmd.type) {
      case 'status':
        arrivals.status = cmd.status;
        hooks.status?.();
        return reply({ type: 'done', seq: cmd.seq });
      case 'reset':
        arrivals.reset(cmd.keepBodies);
        hooks.clear();
        return reply({ type: 'done', seq: cmd.seq });
      case 'count':
        return reply({ type: 'done', seq: cmd.seq, count: arrivals.count() });
      case 'report':
        return reply({ type: 'done', seq: cmd.seq, report: arrivals.report() });
      case 'saveBodies':
        return reply({ type: 'done', seq: cmd.seq, saved: hooks.save(cmd.file) });
    }
  });
  process.on('disconnect', () => process.exit(0));
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    reply({ type: 'ready', port: typeof address === 'object' && address ? address.port : 0 });
  });
}
