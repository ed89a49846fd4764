import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type pg from 'pg';
import {
  parseEventListQuery,
  parseStatsQuery,
  type EventListQuery,
  type Parsed,
  type RawQuery,
  type StatsQuery,
} from '@aerie/contracts';
import type { Endpoint } from './calls.js';

/**
 * The exact SQL Aerie runs for a call. pg_stat_statements is not preloaded on this server and
 * auto_explain would write plans to the server log, so instead the benchmark loads Aerie's own
 * built query layer (apps/api/dist, the code the measured server runs) with a stand-in database
 * that records each statement and its parameters, then runs them for real on the benchmark's
 * connection — no copy of the SQL in the benchmark that could drift from the app.
 */
export interface Statement {
  /** Which of the call's statements: page, groups, dimensions, tags, first event, histogram. */
  label: string;
  sql: string;
  params: unknown[];
}

interface QueryLayer {
  list(query: EventListQuery): Promise<string>;
  groups(query: EventListQuery): Promise<string>;
  stats(query: StatsQuery, now?: Date): Promise<unknown>;
}
type QueryLayerClass = new (db: {
  query(sql: string, params?: unknown[]): Promise<unknown[]>;
}) => QueryLayer;

export function repositoryModule(repoRoot: string): string {
  return join(repoRoot, 'apps', 'api', 'dist', 'modules', 'events', 'events.repository.js');
}

export async function loadQueryLayer(repoRoot: string): Promise<QueryLayerClass> {
  const file = repositoryModule(repoRoot);
  if (!existsSync(file)) throw new Error(`${file} not found: build Aerie first`);
  const mod = (await import(pathToFileURL(file).href)) as { EventsRepository?: unknown };
  if (typeof mod.EventsRepository !== 'function')
    throw new Error(`${file} does not export EventsRepository`);
  return mod.EventsRepository as QueryLayerClass;
}

/** Names a statement of the query layer by its shape (the repository runs up to four per call). */
export function statementLabel(sql: string): string {
  if (/JOIN alert_groups/.test(sql)) return 'groups';
  if (/date_bin\(/.test(sql)) return 'histogram';
  if (/GROUPING SETS/.test(sql)) return 'dimensions';
  if (/unnest\(e\.tags\)/.test(sql)) return 'tags';
  if (/min\(e\.event_time\)/.test(sql)) return 'first event';
  return 'page';
}

function valid<T>(parsed: Parsed<T>): T {
  if (!parsed.ok) throw new Error(`invalid query: ${JSON.stringify(parsed.issues)}`);
  return parsed.value;
}

/**
 * Runs one call through Aerie's query layer on `pool` (stats runs three statements at once, as
 * in Aerie) and returns the statements it executed, in order (the query string parsed exactly as
 * the controller parses it).
 */
export async function captureStatements(
  Layer: QueryLayerClass,
  pool: pg.Pool,
  endpoint: Endpoint,
  raw: RawQuery,
): Promise<Statement[]> {
  const statements: Statement[] = [];
  const layer = new Layer({
    async query(sql: string, params: unknown[] = []) {
      statements.push({ label: statementLabel(sql), sql, params });
      return (await pool.query(sql, params)).rows;
    },
  });
  if (endpoint === 'stats') await layer.stats(valid(parseStatsQuery(raw)));
  else if (endpoint === 'groups') await layer.groups(valid(parseEventListQuery(raw)));
  else await layer.list(valid(parseEventListQuery(raw)));
  return statements;
}
