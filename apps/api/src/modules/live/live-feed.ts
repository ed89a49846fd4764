import { LIVE_OUTPUT_MAX, type LiveEvent } from '@aerie/contracts';
import { parseLossless } from '@aerie/detectors';
import type { Logger } from 'pino';
import type { Database } from '../database/database.js';
import { SEARCH_DOCUMENT } from '../events/event-filter.sql.js';
import { ISO, PRIORITY_NAME, rowJson } from '../events/event-json.sql.js';
import { SqlParams } from '../events/sql-params.js';
import type { LiveRow } from './live-filter.js';

/** Who the feed hands committed events to (LiveHub). */
export interface LiveSink {
  /** Whether any client follows events; when none does, rows are not read at all. */
  wantsEvents(): boolean;
  /** The distinct full-text queries (`q`) of the subscriptions. */
  searches(): string[];
  /** Committed events in seq order; `position` is the feed's position after them. */
  deliver(rows: LiveRow[]): void;
  /** The feed fell too far behind and skipped events: every follower must catch up by REST. */
  skipped(): void;
}

/** Rows per read: a backlog is read in pieces. */
const READ_LIMIT = 1000;
/** Further behind than this, the feed skips ahead (its followers resync) instead of reading. */
const MAX_BEHIND = 20_000;
const RETRY_MS = 1000;

/** A live event's columns, in LiveEventSchema's key order; `output` cut to LIVE_OUTPUT_MAX. */
const LIVE_COLUMNS = `e.id, e.seq, ${ISO('e.received_at')} AS received_at, e.time,
  ${PRIORITY_NAME('e.priority')} AS priority, e.rule, left(e.output, ${LIVE_OUTPUT_MAX}) AS output,
  e.source, e.tags, e.hostname, e.cluster, e.namespace, e.workload, e.pod, e.boundary, e.group_id`;

interface FeedRow {
  j: string;
  t: string;
  f: string;
  /** One '1' or '0' per searched query. */
  s: string;
}

/**
 * Follows committed events in seq order — commit order, since batches take the ingest lock — and
 * hands them to the sink. It is told only "committed up to seq N" (by this process's ingest or,
 * through LiveRelay, another replica's) and reads every row after its position up to N, so a
 * lost or merged nudge only delays events, never loses them. One read at a time.
 */
export class LiveFeed {
  /** Seq of the last event handed on (or skipped): a subscription made now starts after it. */
  private at = 0;
  private target = 0;
  private reading = false;
  private closed = false;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Database,
    private readonly sink: LiveSink,
    private readonly logger: Logger,
  ) {}

  /** Starts at the newest committed event. */
  async start(): Promise<void> {
    const [row] = await this.db.query<{ max: string | number | null }>(
      `SELECT max(seq) AS max FROM events`,
    );
    this.at = Math.max(this.at, Number(row?.max ?? 0));
    this.target = Math.max(this.target, this.at);
  }

  get position(): number {
    return this.at;
  }

  /** Events up to `seq` are committed. */
  advance(seq: number): void {
    if (seq > this.target) this.target = seq;
    if (!this.reading && !this.closed) void this.run();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.retry);
  }

  private async run(): Promise<void> {
    this.reading = true;
    try {
      while (this.at < this.target && !this.closed) {
        if (!this.sink.wantsEvents()) {
          this.at = this.target;
          break;
        }
        if (this.target - this.at > MAX_BEHIND) {
          this.logger.warn({ behind: this.target - this.at }, 'live: too far behind; skipping');
          this.at = this.target;
          this.sink.skipped();
          break;
        }
        const upTo = this.target;
        const rows = await this.read(this.at, upTo);
        if (this.closed) break;
        // Position and hand-over in one turn: a subscription is either before both or after.
        this.at = rows.length === READ_LIMIT ? rows[rows.length - 1]!.event.seq : upTo;
        if (rows.length > 0) this.sink.deliver(rows);
      }
    } catch (err) {
      this.logger.error({ err }, 'live: reading new events failed; retrying');
      this.retry = setTimeout(() => this.advance(0), RETRY_MS);
      this.retry.unref();
    } finally {
      this.reading = false;
    }
  }

  /** Events after seq `after` up to `upTo`, at most READ_LIMIT; every subscribed `q` decided. */
  async read(after: number, upTo: number): Promise<LiveRow[]> {
    const searches = this.sink.searches();
    const rows = await this.select(after, upTo, searches);
    const last = rows[rows.length - 1];
    // Subscriptions made during the read may search for more: decide those too.
    for (;;) {
      const missing = this.sink.searches().filter((q) => !searches.includes(q));
      if (missing.length === 0 || !last) break;
      const extra = await this.select(after, last.event.seq, missing);
      const bySeq = new Map(extra.map((r) => [r.event.seq, r.search]));
      for (const row of rows) {
        const found = bySeq.get(row.event.seq);
        for (const q of missing) row.search.set(q, found?.get(q) === true);
      }
      searches.push(...missing);
    }
    return rows;
  }

  private async select(
    after: number,
    upTo: number,
    searches: readonly string[],
  ): Promise<Array<LiveRow & { search: Map<string, boolean> }>> {
    const p = new SqlParams();
    const tests = searches.map(
      (q) =>
        `(${SEARCH_DOCUMENT} @@ websearch_to_tsquery('simple'::regconfig, translate(${p.add(q, 'text')}, '/=:()[],"''', '          ')))::int`,
    );
    const rows = await this.db.query<FeedRow>(
      `SELECT ${rowJson(LIVE_COLUMNS)} AS j, ${ISO('e.event_time')} AS t,
         e.output_fields::text AS f, concat(${tests.length > 0 ? tests.join(', ') : `''`}) AS s
       FROM events e
       WHERE e.seq > ${p.add(after, 'bigint')} AND e.seq <= ${p.add(upTo, 'bigint')}
       ORDER BY e.seq LIMIT ${READ_LIMIT}`,
      p.values,
    );
    return rows.map((r) => ({
      event: JSON.parse(r.j) as LiveEvent,
      timeUs: isoToMicros(r.t),
      fields: parseLossless(r.f).value as Record<string, unknown>,
      search: new Map(searches.map((q, i) => [q, r.s[i] === '1'])),
    }));
  }
}

/** `YYYY-MM-DDTHH:MM:SS.ffffffZ` → µs since the epoch (exact: below 2^53 until year 2255). */
function isoToMicros(iso: string): number {
  return Date.parse(`${iso.slice(0, 23)}Z`) * 1000 + Number(iso.slice(23, 26));
}
