import type pg from 'pg';
import type { QueryDatabase, QueryLayer } from './aerie-dist.js';
import { apiPath, type ApiCall } from './calls.js';
import { captureStatements, poolDatabase } from './capture.js';
import { apiGet } from './http.js';
import { renderPlan, summarisePlan, type ExplainResult } from './plan.js';
import type { CallResult, StatementResult } from './summary.js';

export interface MeasureOptions {
  baseUrl: string;
  /** Bearer token of the reader (read endpoints need one). */
  token: string;
  runs: number;
  /** After a warm-up slower than this, only `slowRuns` timed runs (bounds the total time). */
  slowMs: number;
  slowRuns: number;
  timeoutMs: number;
}

/** Items of a page, or the stats total. */
export function rowsOf(call: ApiCall, body: string): number {
  const parsed = JSON.parse(body) as { items?: unknown[]; total?: number };
  return call.endpoint === 'stats' ? (parsed.total ?? 0) : (parsed.items?.length ?? 0);
}

/** The page's `next_cursor`, undefined on the last page. */
export function nextCursor(body: string): string | undefined {
  const parsed = JSON.parse(body) as { next_cursor?: string | null };
  return typeof parsed.next_cursor === 'string' ? parsed.next_cursor : undefined;
}

/**
 * Times one call over HTTP (one warm-up, then `runs` sequential requests), then captures the SQL
 * Aerie's query layer runs for it and EXPLAIN (ANALYZE, BUFFERS) of each statement.
 */
export async function measureCall(
  call: ApiCall,
  opts: MeasureOptions,
  layer: new (db: QueryDatabase) => QueryLayer,
  pool: pg.Pool,
): Promise<CallResult> {
  const get = (path: string) => apiGet(opts.baseUrl, path, opts.token, opts.timeoutMs);
  let cursor: string | undefined;
  if (call.followCursors !== undefined) {
    for (let i = 0; i < call.followCursors; i++) {
      cursor = nextCursor((await get(apiPath(call, cursor))).body);
      if (cursor === undefined) throw new Error('ran out of pages following cursors');
    }
  }
  const path = apiPath(call, cursor);
  const warm = await get(path);
  const runs = warm.ms > opts.slowMs ? opts.slowRuns : opts.runs;
  const runsMs: number[] = [];
  let rows = rowsOf(call, warm.body);
  for (let i = 0; i < runs; i++) {
    const answer = await get(path);
    runsMs.push(answer.ms);
    rows = rowsOf(call, answer.body);
  }

  const raw: Record<string, string | string[]> = { ...call.params };
  if (cursor !== undefined) raw.cursor = cursor;
  const captured = await captureStatements(layer, poolDatabase(pool), call.endpoint, raw);
  const statements: StatementResult[] = [];
  for (const s of captured) {
    const { rows: planRows } = await pool.query<{ 'QUERY PLAN': ExplainResult[] }>(
      `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${s.sql}`,
      s.params,
    );
    const result = planRows[0]?.['QUERY PLAN'][0];
    if (!result) throw new Error(`no plan for ${call.name}`);
    statements.push({
      label: s.label,
      summary: summarisePlan(result),
      plan: renderPlan(result),
      sql: s.sql,
      params: s.params,
    });
  }
  return { name: call.name, path, runsMs, rows, statements };
}
