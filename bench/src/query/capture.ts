import type pg from 'pg';
import { parseEventListQuery, parseStatsQuery, type Parsed, type RawQuery } from '@aerie/contracts';
import {
  ALL,
  type Query,
  type QueryDatabase,
  type QueryLayer,
  type TenantScope,
} from './aerie-dist.js';
import type { Endpoint } from './calls.js';

/**
 * The exact SQL Aerie runs for a call. pg_stat_statements is not preloaded on this server and
 * auto_explain would write plans to the server log, so instead the benchmark loads Aerie's own
 * built query layer (apps/api/dist, the code the measured server runs) with a stand-in database
 * that records each statement and its parameters, then runs them for real — no copy of the SQL in
 * the benchmark that could drift from the app.
 */
export interface Statement {
  /** Which of the call's statements: page, groups, dimensions, tags, first event, histogram. */
  label: string;
  sql: string;
  params: unknown[];
}

/** Admin reads on a plain pool (the query layer never opens a tenant transaction for them). */
export function poolDatabase(pool: pg.Pool): QueryDatabase {
  return {
    query: async (sql, params = []) => (await pool.query(sql, params)).rows,
    asTenant: () => Promise.reject(new Error('admin reads do not use a tenant transaction')),
  };
}

/** Names a statement of the query layer by its shape (the repository runs up to three per call). */
export function statementLabel(sql: string): string {
  if (/JOIN alert_groups/.test(sql)) return 'groups';
  // The dimensions statement also counts the histogram's buckets (by priority).
  if (/GROUPING SETS/.test(sql)) return 'dimensions';
  if (/date_bin\(/.test(sql)) return 'histogram';
  if (/unnest\(e\.tags\)/.test(sql)) return 'tags';
  if (/min\(e\.event_time\)/.test(sql)) return 'first event';
  return 'page';
}

function valid<T>(parsed: Parsed<T>): T {
  if (!parsed.ok) throw new Error(`invalid query: ${JSON.stringify(parsed.issues)}`);
  return parsed.value;
}

/**
 * Runs one call through Aerie's query layer as `scope` on `db` (stats runs three statements at
 * once, as in Aerie) and returns the statements it executed, in order (the query string parsed
 * exactly as the controller parses it). Tenant reads go through `db.asTenant`, as in Aerie.
 */
export async function captureStatements(
  Layer: new (db: QueryDatabase) => QueryLayer,
  db: QueryDatabase,
  endpoint: Endpoint,
  raw: RawQuery,
  scope: TenantScope = ALL,
): Promise<Statement[]> {
  const statements: Statement[] = [];
  const recording =
    (run: Query): Query =>
    (sql, params = []) => {
      statements.push({ label: statementLabel(sql), sql, params });
      return run(sql, params);
    };
  const layer = new Layer({
    query: recording((sql, params) => db.query(sql, params)),
    asTenant: (patterns, fn) => db.asTenant(patterns, (query) => fn(recording(query))),
  });
  if (endpoint === 'stats') await layer.stats(scope, valid(parseStatsQuery(raw)));
  else if (endpoint === 'groups') await layer.groups(scope, valid(parseEventListQuery(raw)));
  else await layer.list(scope, valid(parseEventListQuery(raw)));
  return statements;
}
