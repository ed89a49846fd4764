import { cpus, loadavg, totalmem } from 'node:os';

/** The 1, 5 and 15 minute load averages, for the report (the machine is shared). */
export const loadAverage = (): string =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/** The report's machine line: CPUs, memory, Node, the database, the load at start. */
export const machineLine = (database: string): string =>
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, ` +
  `node ${process.version}, ${database}; load average at start ${loadAverage()}`;

/** `--backend` and `--database-url` as the benchmarks take them: Postgres on loopback or PGlite. */
export function checkBackend(backend: string, databaseUrl: string): void {
  if (backend !== 'postgres' && backend !== 'pglite')
    throw new Error('--backend: postgres or pglite');
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(new URL(databaseUrl).hostname))
    throw new Error('--database-url must be a loopback address');
}
