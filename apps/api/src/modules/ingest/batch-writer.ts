import type { Logger } from 'pino';
import type { Bus } from '../bus/bus.js';
import type { Database } from '../database/database.js';
import type { IngestMetrics } from '../metrics/ingest.metrics.js';
import { INSERT_BATCH_SQL } from './batch.sql.js';
import type { EventRow } from './event-row.js';

export type RowResult =
  { ok: true; seq: number } | { ok: false; status: 400 | 503; message: string };

interface Pending {
  rows: EventRow[];
  resolve: (results: RowResult[]) => void;
}

export interface BatchOptions {
  maxSize: number;
  /** Extra wait for more events before a write; 0 = write as soon as the writer is idle. */
  maxWaitMs: number;
}

/** Bytes of row JSON per statement: far below V8's string limit and Postgres' 1 GB. */
const MAX_BATCH_BYTES = 32 * 1024 * 1024;

/** Statements one request may cost when the database refuses some of its events. */
const MAX_STATEMENTS_PER_REQUEST = 32;

/** SQLSTATE classes caused by one row's data, not by the database being unavailable. */
const DATA_ERROR = /^(22|23|54)/;
const RETRYABLE = new Set(['40001', '40P01']);

/**
 * Group commit: the first event is written as soon as the writer is idle; events that arrive while
 * a batch commits form the next batch, so batches grow with load and latency stays one commit.
 * Each submission resolves only after its rows are committed (or definitively refused).
 */
export class BatchWriter {
  private queue: Pending[] = [];
  private running = false;
  private idleWaiters: Array<() => void> = [];
  /** Told the alert groups a committed batch reopened (triage emits them on the bus). */
  onReopened: (groupIds: readonly string[]) => void = () => undefined;

  constructor(
    private readonly db: Database,
    private readonly options: BatchOptions,
    private readonly metrics: IngestMetrics,
    private readonly logger: Logger,
    /** Told each committed seq range (the live stream follows it). */
    private readonly bus?: Bus,
  ) {}

  submit(rows: EventRow[]): Promise<RowResult[]> {
    if (rows.length === 0) return Promise.resolve([]);
    return new Promise((resolve) => {
      this.queue.push({ rows, resolve });
      if (!this.running) {
        this.running = true;
        // Let requests parsed in the same turn of the event loop join the first batch.
        if (this.options.maxWaitMs > 0) setTimeout(() => void this.run(), this.options.maxWaitMs);
        else setImmediate(() => void this.run());
      }
    });
  }

  /** Resolves once everything submitted so far is committed or refused. */
  drain(): Promise<void> {
    if (!this.running && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async run(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.take();
      const rows = batch.flatMap((p) => p.rows);
      const started = process.hrtime.bigint();
      const results = await this.insert(rows);
      this.metrics.observeBatch(rows.length, Number(process.hrtime.bigint() - started) / 1e9);
      if ('refusedBecause' in results) {
        // Some row was refused: each request on its own, so one sender's bad events cost only
        // that sender (a bounded number of statements), never the other senders.
        for (const p of batch) {
          const known = batch.length === 1 ? results : undefined;
          p.resolve(await this.isolate(p.rows, { left: MAX_STATEMENTS_PER_REQUEST }, known));
        }
      } else {
        let offset = 0;
        for (const p of batch) {
          p.resolve(results.slice(offset, offset + p.rows.length));
          offset += p.rows.length;
        }
      }
      // Let the event loop read requests that arrived during the write (PGlite runs in this thread
      // and blocks it while it commits), so they join the next batch instead of starting alone.
      await new Promise((r) =>
        this.options.maxWaitMs > 0 ? setTimeout(r, this.options.maxWaitMs) : setImmediate(r),
      );
    }
    this.running = false;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  /** Whole submissions, up to maxSize rows and MAX_BATCH_BYTES (a larger one goes alone). */
  private take(): Pending[] {
    const batch: Pending[] = [];
    let size = 0;
    let bytes = 0;
    while (this.queue.length > 0) {
      const next = this.queue[0]!;
      const nextBytes = next.rows.reduce((n, r) => n + r.json.length, 0);
      const full =
        size + next.rows.length > this.options.maxSize || bytes + nextBytes > MAX_BATCH_BYTES;
      if (batch.length > 0 && full) break;
      batch.push(this.queue.shift()!);
      size += next.rows.length;
      bytes += nextBytes;
    }
    return batch;
  }

  /**
   * Finds the refused rows by halving, spending at most `budget.left` statements; past that the
   * rest of the request is refused. `known` is the outcome of a first attempt at all of `rows`.
   */
  private async isolate(
    rows: EventRow[],
    budget: { left: number },
    known?: { refusedBecause: string },
  ): Promise<RowResult[]> {
    let outcome: RowResult[] | { refusedBecause: string } | undefined = known;
    if (outcome === undefined) {
      budget.left--;
      outcome = await this.insert(rows);
    }
    if (!('refusedBecause' in outcome)) return outcome;
    const refused = (why: string): RowResult => ({
      ok: false,
      status: 400,
      message: `refused by the database: ${why}`,
    });
    if (rows.length === 1) return [refused(outcome.refusedBecause)];
    if (budget.left < 2)
      return rows.map(() => refused('too many events of this request were refused'));
    const half = Math.ceil(rows.length / 2);
    return [
      ...(await this.isolate(rows.slice(0, half), budget)),
      ...(await this.isolate(rows.slice(half), budget)),
    ];
  }

  /** One statement for all rows: their results, or why the database refused (some of) them. */
  private async insert(
    rows: EventRow[],
    attempt = 1,
  ): Promise<RowResult[] | { refusedBecause: string }> {
    try {
      const returned = await this.db.query<{
        id: string;
        seq: string | number | bigint;
        reopened: string[] | null;
      }>(INSERT_BATCH_SQL, [`[${rows.map((r) => r.json).join(',')}]`]);
      const seqById = new Map(returned.map((r) => [r.id, Number(r.seq)]));
      const reopened = returned[0]?.reopened;
      if (reopened) this.onReopened(reopened);
      if (returned.length > 0) {
        const seqs = [...seqById.values()];
        this.bus?.emit('events', { from: Math.min(...seqs), to: Math.max(...seqs) });
      }
      return rows.map((r) => {
        const seq = seqById.get(r.id);
        return seq === undefined
          ? { ok: false, status: 503, message: 'the database did not confirm this event' }
          : { ok: true, seq };
      });
    } catch (err) {
      const code = sqlState(err);
      if (code !== undefined && RETRYABLE.has(code) && attempt < 3)
        return this.insert(rows, attempt + 1);
      if (code !== undefined && DATA_ERROR.test(code)) {
        this.logger.warn(
          { sqlState: code, rows: rows.length, err: (err as Error).message },
          'database refused a row',
        );
        return { refusedBecause: (err as Error).message };
      }
      this.logger.error({ sqlState: code, err: (err as Error).message }, 'batch write failed');
      return rows.map(() => ({
        ok: false,
        status: 503,
        message: 'the database is unavailable: the event was not stored, send it again',
      }));
    }
  }
}

function sqlState(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}
