/**
 * Everything the benchmark starts or creates registers its undo here, so processes and databases
 * are removed at the end, on errors and on Ctrl-C alike. Tasks must be idempotent.
 */
const tasks: (() => Promise<void>)[] = [];
let running: Promise<void> | undefined;

export function onCleanup(task: () => Promise<void>): void {
  tasks.push(task);
}

/** Runs the tasks newest first (processes stop before their database is dropped). */
export function cleanup(): Promise<void> {
  running ??= (async () => {
    for (let task = tasks.pop(); task; task = tasks.pop()) {
      await task().catch((err: unknown) => process.stderr.write(`cleanup: ${String(err)}\n`));
    }
  })();
  return running;
}

export function cleanupOnSignals(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      process.stderr.write(`\n${signal}: cleaning up…\n`);
      void cleanup().finally(() => process.exit(130));
    });
  }
}
