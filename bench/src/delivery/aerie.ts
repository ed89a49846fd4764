import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { stringify } from 'yaml';
import { onCleanup } from '../harness/cleanup.js';
import type { BenchDatabases } from '../harness/postgres.js';
import { startAerie, type Target } from '../harness/targets.js';

/** The one output of a delivery benchmark instance (as named in Aerie's metrics). */
export const OUTPUT = 'bench-output';

export interface InstanceOptions {
  repoRoot: string;
  /** A fresh `bench_<pid>_<label>` database on this server; undefined = embedded PGlite. */
  dbs: BenchDatabases | undefined;
  label: string;
  pollMs: number;
  /** The one output (any type, e.g. a webhook to the receiver) with this `delivery.concurrency`. */
  output?: { type: string; config: Record<string, unknown>; concurrency: number };
}

/**
 * An Aerie server with its own database, data directory (secret key, PGlite files) and
 * AERIE_CONFIG: `delivery.pollMs` and at most one output taking every event.
 */
export async function startInstance(o: InstanceOptions): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), `aerie-bench-${o.label}-`));
  onCleanup(() => Promise.resolve(rmSync(dir, { recursive: true, force: true })));
  const outputs = o.output
    ? [
        {
          name: OUTPUT,
          type: o.output.type,
          config: o.output.config,
          route: {},
          delivery: { concurrency: o.output.concurrency },
        },
      ]
    : [];
  const configFile = join(dir, 'aerie.yaml');
  writeFileSync(configFile, stringify({ delivery: { pollMs: o.pollMs }, outputs }));
  const env = { AERIE_CONFIG: configFile, AERIE_DATA_DIR: join(dir, 'data') };
  if (o.dbs === undefined) {
    // An empty DATABASE_URL is ignored by Aerie's loader: the embedded database in dataDir.
    return startAerie(o.repoRoot, '', `pglite:${o.label}`, env);
  }
  const database = await o.dbs.create(o.label);
  return startAerie(o.repoRoot, o.dbs.url(database), database, env);
}

export interface DeliveryGauges {
  pending: number;
  /** Deliveries given up (awaiting replay): must stay 0 against a receiver that is up. */
  dead: number;
  /** Attempts so far, by result (delivered, retry, failed, dead). */
  attempts: Record<string, number>;
}

/** The output's queue and attempt counters from Aerie's own `/metrics` (no token needed). */
export async function deliveryGauges(baseUrl: string): Promise<DeliveryGauges> {
  const res = await fetch(`${baseUrl}/metrics`, { signal: AbortSignal.timeout(30_000) });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`/metrics answered ${res.status}`);
  const gauges: DeliveryGauges = { pending: 0, dead: 0, attempts: {} };
  const line = /^(aerie_delivery_queue|aerie_delivery_attempts_total)\{([^}]*)\}\s+(\S+)$/gm;
  for (const m of text.matchAll(line)) {
    const labels = Object.fromEntries(
      [...m[2]!.matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1]!, l[2]!]),
    );
    if (labels['output'] !== OUTPUT) continue;
    const value = Number(m[3]);
    if (m[1] === 'aerie_delivery_queue' && labels['status'] === 'pending') gauges.pending = value;
    if (m[1] === 'aerie_delivery_queue' && labels['status'] === 'dead') gauges.dead = value;
    if (m[1] === 'aerie_delivery_attempts_total') gauges.attempts[labels['result'] ?? '?'] = value;
  }
  return gauges;
}

/** Polls `/metrics` until the pending queue satisfies `done`; the last gauges, or throws. */
export async function waitPending(
  baseUrl: string,
  done: (pending: number) => boolean,
  timeoutMs: number,
): Promise<DeliveryGauges> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const gauges = await deliveryGauges(baseUrl);
    if (done(gauges.pending)) return gauges;
    if (Date.now() > deadline)
      throw new Error(
        `outbox still holds ${gauges.pending} pending deliveries after ${timeoutMs} ms`,
      );
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Postgres' own counters of the outbox, to see what one delivery costs in rows touched. */
export interface OutboxCounters {
  /** Rows of `deliveries` updated (claims, releases, records). */
  deliveryUpdates: number;
  /** Rows of `events` read through an index (the events of claimed deliveries, among others). */
  eventFetches: number;
}

export async function outboxCounters(
  dbs: BenchDatabases,
  database: string,
): Promise<OutboxCounters> {
  const client = new pg.Client({ connectionString: dbs.url(database) });
  await client.connect();
  try {
    // Backends flush their statistics at most once a second: wait for the last ones.
    await new Promise((r) => setTimeout(r, 1500));
    const { rows } = await client.query<{ relname: string; upd: string; fetch: string }>(
      `SELECT relname, n_tup_upd AS upd, idx_tup_fetch AS fetch FROM pg_stat_user_tables
       WHERE relname IN ('deliveries', 'events')`,
    );
    const of = (name: string) => rows.find((r) => r.relname === name);
    return {
      deliveryUpdates: Number(of('deliveries')?.upd ?? 0),
      eventFetches: Number(of('events')?.fetch ?? 0),
    };
  } finally {
    await client.end();
  }
}
