import pg from 'pg';
import { createGenerator } from '../index.js';
import { onCleanup } from '../harness/cleanup.js';
import type { BenchDatabases } from '../harness/postgres.js';

/**
 * The query benchmark's one database, `bench_q_<pid>`: created empty (Aerie migrates it at start),
 * dropped at cleanup unless `keep`. The name is generated here, never taken from input.
 */
export async function createQueryDatabase(dbs: BenchDatabases, keep: boolean): Promise<string> {
  const name = `bench_q_${process.pid}`;
  const admin = new pg.Client({ connectionString: dbs.url('postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  if (!keep) {
    onCleanup(async () => {
      const c = new pg.Client({ connectionString: dbs.url('postgres') });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    });
  }
  return name;
}

export interface SeedResult {
  accepted: number;
  requests: number;
  ms: number;
}

/**
 * Posts `count` generated alerts to Aerie as NDJSON batches on `POST /api/v1/events`, so the
 * seed rows carry Aerie's own derivations (boundary, fingerprint, alert groups…).
 */
export async function seedThroughApi(
  baseUrl: string,
  count: number,
  batchSize = 100,
): Promise<SeedResult> {
  const generator = createGenerator({ seed: 'bench-query' });
  const started = performance.now();
  let accepted = 0;
  let requests = 0;
  for (let sent = 0; sent < count; sent += batchSize) {
    const n = Math.min(batchSize, count - sent);
    const body = Array.from({ length: n }, () => generator.nextJson()).join('\n');
    const res = await fetch(`${baseUrl}/api/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body,
      signal: AbortSignal.timeout(60_000),
    });
    const text = await res.text();
    requests++;
    if (res.status !== 200)
      throw new Error(`seed batch answered ${res.status}: ${text.slice(0, 300)}`);
    const answer = JSON.parse(text) as { accepted?: unknown };
    if (typeof answer.accepted === 'number') accepted += answer.accepted;
  }
  return { accepted, requests, ms: performance.now() - started };
}
