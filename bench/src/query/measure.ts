import type pg from 'pg';
import { apiPath, type ApiCall } from './calls.js';
import { captureStatements, loadQueryLayer } from './capture.js';
import { renderPlan, summarisePlan, type ExplainResult } from './plan.js';
import type { CallResult, StatementResult } from './summary.js';

export interface MeasureOptions {
  baseUrl: string;
  runs: number;
  /** After a warm-up slower than this, only `slowRuns` timed runs (bounds the total time). */
  slowMs: number;
  slowRuns: number;
  timeoutMs: number;
}

interface Answer {
  ms: number;
  body: string;
}

async function get(baseUrl: string, path: string, timeoutMs: number): Promise<Answer> {
  const started = performance.now();
  const res = await fetch(`${baseUrl}${path}`, { signal: AbortSignal.timeout(timeoutMs) });
  const body = await res.text();
  const ms = performance.now() - started;
  if (res.status !== 200)
    throw new Error(`GET ${path} answered ${res.status}: ${body.slice(0, 300)}`);
  return { ms, body };
}

/** Items of a page, or the stats total. */
function rowsOf(call: ApiCall, body: string): number {
  const parsed = JSON.parse(body) as { items?: unknown[]; total?: number };
  return call.endpoint === 'stats' ? (parsed.total ?? 0) : (parsed.items?.length ?? 0);
}

function nextCursor(body: string): string {
  const parsed = JSON.parse(body) as { next_cursor?: string | null };
  if (typeof parsed.next_cursor !== 'string') throw new Error('ran out of pages following cursors');
  return parsed.next_cursor;
}

/**
 * Times one call over HTTP (one warm-up, then `runs` sequential requests), then captures the SQL
 * Aerie's query layer runs for it and EXPLAIN (ANALYZE, BUFFERS) of each statement.
 */
export async function measureCall(
  call: ApiCall,
  opts: MeasureOptions,
  layer: Awaited<ReturnType<typeof loadQueryLayer>>,
  pool: pg.Pool,
): Promise<CallResult> {
  let cursor: string | undefined;
  if (call.followCursors !== undefined) {
    for (let i = 0; i < call.followCursors; i++) {
      const page = await get(opts.baseUrl, apiPath(call, cursor), opts.timeoutMs);
      cursor = nextCursor(page.body);
    }
  }
  const path = apiPath(call, cursor);
  const warm = await get(opts.baseUrl, path, opts.timeoutMs);
  const runs = warm.ms > opts.slowMs ? opts.slowRuns : opts.runs;
  const runsMs: number[] = [];
  let rows = rowsOf(call, warm.body);
  for (let i = 0; i < runs; i++) {
    const answer = await get(opts.baseUrl, path, opts.timeoutMs);
    runsMs.push(answer.ms);
    rows = rowsOf(call, answer.body);
  }

  const raw: Record<string, string | string[]> = { ...call.params };
  if (cursor !== undefined) raw.cursor = cursor;
  const captured = await captureStatements(layer, pool, call.endpoint, raw);
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
