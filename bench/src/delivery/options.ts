import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanupOnSignals, onCleanup } from '../harness/cleanup.js';
import { checkBackend, machineLine } from '../harness/machine.js';
import { intOption } from '../harness/options.js';
import { BenchDatabases } from '../harness/postgres.js';
import { aerieMain } from '../harness/targets.js';
import { findRepoRoot } from '../repo-root.js';

/** The command-line options every delivery benchmark takes (ingest, engine, database). */
export const DELIVERY_OPTIONS = {
  batch: { type: 'string', default: '100' },
  'ingest-connections': { type: 'string', default: '4' },
  'poll-ms': { type: 'string', default: '50' },
  timeout: { type: 'string', default: '600' },
  backend: { type: 'string', default: 'postgres' },
  'database-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
} as const;

type Parsed = Partial<Record<keyof typeof DELIVERY_OPTIONS, string | boolean | undefined>>;

/** Those options, checked: events per ingest request, ingest connections, Aerie's poll, … */
export function deliveryOptions(opts: Parsed) {
  const config = {
    batch: intOption(opts, 'batch', 1, 1000),
    ingestConnections: intOption(opts, 'ingest-connections', 1, 64),
    pollMs: intOption(opts, 'poll-ms', 10, 60_000),
    timeoutS: intOption(opts, 'timeout', 10, 3600),
    backend: String(opts.backend),
    databaseUrl: String(opts['database-url']),
  };
  checkBackend(config.backend, config.databaseUrl);
  return config;
}

export interface DeliveryBench {
  repoRoot: string;
  /** A temporary folder, removed at the end. */
  workDir: string;
  /** The Postgres server; undefined for PGlite. */
  dbs: BenchDatabases | undefined;
}

/**
 * The start of a delivery benchmark: cleanup on signals, Aerie's build found, a work folder, the
 * database server, and the report's header (date, machine, config).
 */
export async function startDeliveryBench(
  name: string,
  config: ReturnType<typeof deliveryOptions>,
): Promise<DeliveryBench> {
  cleanupOnSignals();
  const repoRoot = findRepoRoot();
  aerieMain(repoRoot);
  const workDir = mkdtempSync(join(tmpdir(), `aerie-bench-${name}-`));
  onCleanup(() => Promise.resolve(rmSync(workDir, { recursive: true, force: true })));
  const dbs =
    config.backend === 'postgres' ? await BenchDatabases.connect(config.databaseUrl) : undefined;
  const pgVersion = dbs ? `PostgreSQL ${await dbs.setting('server_version')}` : 'PGlite';
  console.log(`date: ${new Date().toISOString()}`);
  console.log(machineLine(pgVersion));
  console.log(`config: ${JSON.stringify(config)}`);
  return { repoRoot, workDir, dbs };
}
