import { spawn, type ChildProcess } from 'node:child_process';
import { onCleanup } from './cleanup.js';

/** A child process whose last output is kept to explain a failure. */
export interface Child {
  readonly name: string;
  readonly process: ChildProcess;
  /** The last few KB of stdout+stderr. */
  tail(): string;
  exited(): boolean;
  /** Resolves when the process has exited, however it ended. */
  whenExited(): Promise<void>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
  stop(graceMs?: number): Promise<void>;
}

const TAIL_BYTES = 8192;

export function startChild(
  name: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
): Child {
  const proc = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-TAIL_BYTES);
  };
  proc.stdout.on('data', keep);
  proc.stderr.on('data', keep);
  const gone = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const exited = () => proc.exitCode !== null || proc.signalCode !== null;

  const child: Child = {
    name,
    process: proc,
    tail: () => output,
    exited,
    whenExited: () => gone,
    async stop(graceMs = 5000) {
      if (exited()) return;
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
      await gone;
      clearTimeout(timer);
    },
  };
  onCleanup(() => child.stop());
  return child;
}

/** Polls `url` until it answers 200; fails early if the child dies, or after `timeoutMs`. */
export async function waitReady(child: Child, url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exited())
      throw new Error(`${child.name} exited before it was ready:\n${child.tail()}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${child.name} not ready at ${url} after ${timeoutMs} ms:\n${child.tail()}`);
}
