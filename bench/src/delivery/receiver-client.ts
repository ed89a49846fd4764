import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { onCleanup } from '../harness/cleanup.js';
import type { ReceiverCommand, ReceiverCount, ReceiverReply, ReceiverReport } from './protocol.js';

type Command = ReceiverCommand extends infer C
  ? C extends { seq: number }
    ? Omit<C, 'seq'>
    : never
  : never;
type Done = Extract<ReceiverReply, { type: 'done' }>;

/** The receiver child process, driven over IPC. */
export class Receiver {
  private seq = 0;
  private readonly waiting = new Map<number, (reply: Done) => void>();

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    child.on('message', (raw) => {
      const message = raw as ReceiverReply;
      if (message.type !== 'done') return;
      this.waiting.get(message.seq)?.(message);
      this.waiting.delete(message.seq);
    });
  }

  /**
   * Forks a receiver speaking this protocol — by default `dist/delivery/receiver.js` (beside this
   * file) — and waits until it listens.
   */
  static async start(
    script = join(import.meta.dirname, 'receiver.js'),
    args: string[] = [],
  ): Promise<Receiver> {
    const child = fork(script, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    onCleanup(async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await gone;
    });
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('receiver did not start in 10 s')), 10_000);
      child.once('exit', (code) => reject(new Error(`receiver exited (${String(code)})`)));
      child.on('message', (raw) => {
        const message = raw as ReceiverReply;
        if (message.type === 'ready') {
          clearTimeout(timer);
          resolve(message.port);
        }
      });
    });
    return new Receiver(child, `http://127.0.0.1:${port}/`);
  }

  private call(command: Command): Promise<Done> {
    const seq = ++this.seq;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`receiver: no answer to ${command.type}`)),
        30_000,
      );
      this.waiting.set(seq, (reply) => {
        clearTimeout(timer);
        resolve(reply);
      });
      this.child.send({ ...command, seq });
    });
  }

  /** 200 (up) or 503 (down) for every request from now on. */
  async answer(status: number): Promise<void> {
    await this.call({ type: 'status', status });
  }

  /** Forgets what was received; `keepBodies` keeps each first body for `saveBodies`. */
  async reset(keepBodies = false): Promise<void> {
    await this.call({ type: 'reset', keepBodies });
  }

  async count(): Promise<ReceiverCount> {
    return (await this.call({ type: 'count' })).count!;
  }

  async report(): Promise<ReceiverReport> {
    return (await this.call({ type: 'report' })).report!;
  }

  async saveBodies(file: string): Promise<number> {
    return (await this.call({ type: 'saveBodies', file })).saved ?? 0;
  }

  /** Polls until `n` distinct ids were answered 200; false on timeout. */
  async waitDelivered(n: number, timeoutMs: number, pollMs = 100): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if ((await this.count()).delivered >= n) return true;
      await new Promise((r) => setTimeout(r, pollMs));
    }
    return false;
  }
}
