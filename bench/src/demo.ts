import { parseArgs } from 'node:util';
import { createGenerator, type FalcoEvent } from './index.js';
import { toJson } from './generator/json.js';

/**
 * Fills a running Aerie with realistic Falco alerts, the two ways they arrive in production:
 * one event per `POST /` (Falco's http_output) and NDJSON batches on `POST /api/v1/events`
 * (a forwarder). Usage: npm run demo -- [--count 2000] [--url http://localhost:2801] [--seed demo]
 */
const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '2000' },
    url: { type: 'string', default: 'http://localhost:2801' },
    seed: { type: 'string', default: 'demo' },
    concurrency: { type: 'string', default: '8' },
  },
});
const count = Number(values.count);
const concurrency = Number(values.concurrency);
if (!Number.isInteger(count) || count < 1 || count > 1_000_000)
  throw new Error('--count must be 1 … 1000000');
if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64)
  throw new Error('--concurrency must be 1 … 64');
const base = new URL(String(values.url));

/** One request's worth of events: a single event or an NDJSON batch. */
type Chunk = { kind: 'single'; events: FalcoEvent[] } | { kind: 'batch'; events: FalcoEvent[] };

const tally = {
  single: { requests: 0, ok: 0 },
  batch: { requests: 0, ok: 0 },
  accepted: 0,
  rejected: 0,
  statuses: new Map<number, number>(),
  errors: [] as string[],
};

async function main(): Promise<void> {
  const generator = createGenerator({ seed: String(values.seed) });
  const events = Array.from({ length: count }, () => generator.next());
  const chunks = chunk(events);
  const started = performance.now();
  let nextChunk = 0;
  // A few requests in flight, like several Falco pods posting at once.
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let c = chunks[nextChunk++]; c; c = chunks[nextChunk++]) await send(c);
    }),
  );
  report(events, chunks, performance.now() - started);
  if (tally.accepted === 0) process.exitCode = 1;
}

/** A third of the events go one by one, the rest in batches of 20–100, requests interleaved. */
function chunk(events: FalcoEvent[]): Chunk[] {
  const chunks: Chunk[] = [];
  let singlesLeft = Math.floor(events.length / 3);
  let batchedLeft = events.length - singlesLeft;
  for (let i = 0, k = 0; i < events.length; k++) {
    if (singlesLeft > 0 && (k % 2 === 0 || batchedLeft === 0)) {
      chunks.push({ kind: 'single', events: events.slice(i, i + 1) });
      singlesLeft--;
      i++;
    } else {
      const size = Math.min(batchedLeft, 20 + ((k * 37) % 81));
      chunks.push({ kind: 'batch', events: events.slice(i, i + size) });
      batchedLeft -= size;
      i += size;
    }
  }
  return chunks;
}

async function send(c: Chunk): Promise<void> {
  const single = c.kind === 'single';
  const url = new URL(single ? '/' : '/api/v1/events', base);
  const body = c.events.map(toJson).join('\n');
  tally[c.kind].requests++;
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': single ? 'application/json' : 'application/x-ndjson' },
      body,
      signal: AbortSignal.timeout(30_000),
    });
    tally.statuses.set(res.status, (tally.statuses.get(res.status) ?? 0) + 1);
    const text = await res.text();
    if (res.status !== 200 && tally.errors.length < 5)
      tally.errors.push(`${res.status} ${url.pathname}: ${text.slice(0, 300)}`);
    if (res.status === 200) tally[c.kind].ok++;
    const { accepted, rejected } = acceptedOf(text, single && res.status === 200, c.events.length);
    tally.accepted += accepted;
    tally.rejected += rejected;
  } catch (err) {
    if (tally.errors.length < 5) tally.errors.push(`${url.pathname}: ${describe(err)}`);
    tally.rejected += c.events.length;
  }
}

/** Stored/refused counts from an answer: a single 200 stores its one event; batches say so. */
function acceptedOf(
  text: string,
  singleOk: boolean,
  sent: number,
): { accepted: number; rejected: number } {
  if (singleOk) return { accepted: 1, rejected: 0 };
  try {
    const body: unknown = JSON.parse(text);
    if (typeof body === 'object' && body !== null && 'accepted' in body && 'rejected' in body) {
      const { accepted, rejected } = body;
      if (typeof accepted === 'number' && typeof rejected === 'number')
        return { accepted, rejected };
    }
  } catch {
    // Not JSON: count everything as refused.
  }
  return { accepted: 0, rejected: sent };
}

/** fetch() hides the reason (ECONNREFUSED…) in `cause`. */
function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  return err.cause instanceof Error ? `${err.message}: ${err.cause.message}` : err.message;
}

function report(events: FalcoEvent[], chunks: Chunk[], elapsedMs: number): void {
  const by = (key: (e: FalcoEvent) => string) => {
    const m = new Map<string, number>();
    for (const e of events) m.set(key(e), (m.get(key(e)) ?? 0) + 1);
    return [...m]
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
  };
  const batches = chunks.filter((c) => c.kind === 'batch');
  console.log(
    `Posted ${events.length} Falco events to ${base.origin} in ${(elapsedMs / 1000).toFixed(1)} s`,
  );
  console.log(
    `  POST /               ${tally.single.requests} requests (one event each), ${tally.single.ok} × 200`,
  );
  if (batches.length > 0) {
    const sizes = batches.map((c) => c.events.length);
    console.log(
      `  POST /api/v1/events  ${tally.batch.requests} NDJSON batches of ${Math.min(...sizes)}–${Math.max(...sizes)} events, ` +
        `${tally.batch.ok} × 200`,
    );
  }
  console.log(
    `  stored ${tally.accepted}, refused ${tally.rejected}; statuses ${[...tally.statuses].map(([s, n]) => `${s}×${n}`).join(' ')}`,
  );
  console.log(`  sources: ${by((e) => e.source)}`);
  console.log(`  priorities: ${by((e) => e.priority)}`);
  console.log(
    `  top rules: ${by((e) => e.rule)
      .split(', ')
      .slice(0, 5)
      .join(', ')}`,
  );
  for (const e of tally.errors) console.log(`  error: ${e}`);
}

main().catch((err: unknown) => {
  process.stderr.write(`demo failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
