import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEventListQuery, type RawQuery } from '@aerie/contracts';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-database.js';
import { post, startTestApp, type TestApp } from '../../test-support/test-app.js';
import { falcoEvent } from '../../test-support/falco-events.js';
import { Database } from '../database/database.js';
import { ALL } from '../access/tenant-scope.js';
import { filterConditions, whereClause } from './event-filter.sql.js';
import { SqlParams } from './sql-params.js';

/**
 * Each filter of the query API is served by an index (the scale figures are in
 * docs/benchmarks.md). With sequential scans disabled, the plan must name the expected index.
 */
let target: TestDatabase;
let app: TestApp;
let explain: (sql: string, params: unknown[]) => Promise<string>;
let close: () => Promise<void>;

beforeAll(async () => {
  target = await createTestDatabase();
  app = await startTestApp(target);
  const events = Array.from({ length: 200 }, (_, i) =>
    falcoEvent({
      rule: `Rule ${i % 20}`,
      hostname: `node-${i % 10}`,
      tags: [`t${i % 5}`],
      time: `2026-05-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00Z`,
    }),
  );
  expect((await post(`${app.url}/api/v1/events`, events)).status).toBe(200);
  await app.close();
  if (target.databaseUrl) {
    const client = new pg.Client({ connectionString: target.databaseUrl });
    await client.connect();
    await client.query('ANALYZE events');
    await client.query('SET enable_seqscan = off');
    explain = async (sql, params) =>
      (await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params)).rows
        .map((r) => r['QUERY PLAN'])
        .join('\n');
    close = () => client.end();
  } else {
    // PGlite has one connection: the SET holds for the next statements.
    const db = await Database.open(target);
    await db.query('ANALYZE events');
    await db.query('SET enable_seqscan = off');
    explain = async (sql, params) =>
      (await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params))
        .map((r) => r['QUERY PLAN'])
        .join('\n');
    close = () => db.close();
  }
});
afterAll(async () => {
  await close?.();
  await target?.drop();
});

async function planFor(query: RawQuery): Promise<string> {
  const parsed = parseEventListQuery(query);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const p = new SqlParams();
  const where = whereClause(filterConditions(parsed.value.filter, p, ALL));
  return explain(`SELECT count(*) FROM events e ${where}`, p.values);
}

describe('every filter has an index', () => {
  it.each([
    [{ q: 'shadow' }, 'events_search_idx'],
    [{ 'field[proc.name]': 'cat' }, 'events_fields_idx'],
    [{ tags: 't1' }, 'events_tags_idx'],
    [{ tags: 't1,t2', tags_match: 'any' }, 'events_tags_idx'],
    [{ rule: 'Rule 3' }, 'events_rule_time_idx'],
    [{ hostname: 'node-3' }, 'events_hostname_time_idx'],
    [{ namespace: 'payments' }, 'events_namespace_time_idx'],
    [{ min_priority: 'critical' }, 'events_priority_time_idx'],
  ])('%j uses %s', async (query, index) => {
    expect(await planFor(query)).toContain(index);
  });

  it('a time range is an index condition', async () => {
    // events_time_idx, or on PostgreSQL 18 (PGlite) a skip scan of a (…, event_time) index.
    const plan = await planFor({ since: '2026-05-27T00:00:00Z' });
    expect(plan).toMatch(/Index Cond: \(event_time >= /);
    expect(plan).not.toContain('Seq Scan');
  });
});
