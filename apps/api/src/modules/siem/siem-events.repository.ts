import type { EventFilter } from '@aerie/contracts';
import type { Database, Query } from '../database/database.js';
import { scopePatterns, type TenantScope } from '../access/tenant-scope.js';
import { filterConditions, whereClause } from '../events/event-filter.sql.js';
import { EVENT_COLUMNS, rowJson } from '../events/event-json.sql.js';
import { SqlParams } from '../events/sql-params.js';
import { feedPage, type FeedPage } from './feed-page.js';

/** Events rendered per statement: a large page streams out in pieces of this size. */
export const ROWS_PER_READ = 1000;

const ROWS_SQL = `SELECT e.seq, ${rowJson(EVENT_COLUMNS)} AS j FROM events e
  WHERE e.seq = ANY($1::bigint[]) ORDER BY e.seq`;

/** One event of a page: its seq (the cursor after it) and its API JSON text. */
export interface FeedRow {
  seq: number;
  json: string;
}

/**
 * The events feed of the pull API, in two phases like the query API's team reads (ADR 0004):
 * `page` finds the page's seqs and the committed head in one statement (one snapshot) with the
 * scope in the WHERE clause, then `rows` renders them — for a team under row-level security,
 * which re-checks every row. Seq order is commit order because every insert into `events` takes
 * the ingest lock before it draws a seq (docs/adr/0008-siem-cursor.md).
 */
export class SiemEventsRepository {
  constructor(private readonly db: Database) {}

  async page(
    scope: TenantScope,
    filter: EventFilter,
    after: number,
    limit: number,
  ): Promise<FeedPage> {
    const p = new SqlParams();
    const where = filterConditions(filter, p, scope);
    where.push(`e.seq > ${p.add(after, 'bigint')}`);
    const [row] = await this.db.query<{ seqs: string | null; head: string | number | null }>(
      `WITH page AS (
         SELECT e.seq FROM events e ${whereClause(where)}
         ORDER BY e.seq LIMIT ${p.add(limit + 1, 'int')}
       )
       SELECT (SELECT json_agg(seq ORDER BY seq) FROM page)::text AS seqs,
              (SELECT max(seq) FROM events)::text AS head`,
      p.values,
    );
    const rows = row?.seqs ? (JSON.parse(row.seqs) as number[]) : [];
    return feedPage({
      after,
      rows,
      head: Number(row?.head ?? 0),
      limit,
      bounded: filter.until !== undefined,
    });
  }

  /**
   * The events of `seqs` in seq order, ROWS_PER_READ at a time; the next piece is read while the
   * caller writes the current one out (Postgres renders the JSON, the bottleneck of a page).
   */
  async *rows(scope: TenantScope, seqs: readonly number[]): AsyncGenerator<FeedRow[]> {
    const read = (from: number): Promise<FeedRow[]> => {
      const chunk = seqs.slice(from, from + ROWS_PER_READ);
      const select = async (q: Query) =>
        (await q<{ seq: string | number; j: string }>(ROWS_SQL, [chunk])).map((r) => ({
          seq: Number(r.seq),
          json: r.j,
        }));
      const rows = scope.all
        ? select((sql, params) => this.db.query(sql, params))
        : this.db.asTenant(scopePatterns(scope), select);
      // A caller that stops early (the client went away) leaves the read ahead unawaited.
      rows.catch(() => undefined);
      return rows;
    };
    let ahead = seqs.length > 0 ? read(0) : undefined;
    for (let from = 0; ahead !== undefined; from += ROWS_PER_READ) {
      const rows = await ahead;
      ahead = from + ROWS_PER_READ < seqs.length ? read(from + ROWS_PER_READ) : undefined;
      yield rows;
    }
  }
}
