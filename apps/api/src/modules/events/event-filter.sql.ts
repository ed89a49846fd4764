import { priorityRank, type EventFilter } from '@aerie/contracts';
import { scopeCondition, type TenantScope } from '../access/tenant-scope.js';
import type { SqlParams } from './sql-params.js';

/**
 * The text full-text search indexes: rule + output, with `/ = : ( ) [ ] , " '` made word breaks so
 * `shadow` finds `file=/etc/shadow`. Identical to the expression of `events_search_idx` (migration),
 * or Postgres cannot use the index (a test checks that it does).
 */
export const SEARCH_DOCUMENT = `to_tsvector('simple'::regconfig, translate(e.rule || ' ' || coalesce(left(e.output, 100000), ''), '/=:()[],"''', '          '))`;
/** Plain decimals only: an exponent such as 1e1000000 would overflow numeric and fail the query. */
const DECIMAL = /^-?(?:0|[1-9]\d{0,38})(?:\.\d{1,38})?$/;

/**
 * The one place where filters become SQL over `events` (alias `e`). Every reader — events,
 * groups, stats, and every later one — builds its WHERE clause here, and the reader's tenant
 * scope is a required argument: no read can forget it (docs/adr/0004-tenant-isolation.md).
 */
export function filterConditions(filter: EventFilter, p: SqlParams, scope: TenantScope): string[] {
  const where: string[] = [];
  const tenant = scopeCondition(scope, p);
  if (tenant !== undefined) where.push(tenant);
  if (filter.priorities) {
    where.push(equals('e.priority', filter.priorities.map(priorityRank), 'smallint', p));
  }
  if (filter.minPriority)
    where.push(`e.priority <= ${p.add(priorityRank(filter.minPriority), 'smallint')}`);
  const lists = [
    ['rule', filter.rules],
    ['source', filter.sources],
    ['hostname', filter.hostnames],
    ['cluster', filter.clusters],
    ['namespace', filter.namespaces],
    ['boundary', filter.boundaries],
  ] as const;
  for (const [column, values] of lists) {
    if (values) where.push(equals(`e.${column}`, values, 'text', p));
  }
  if (filter.tags) {
    where.push(
      `e.tags ${filter.tagsMatch === 'all' ? '@>' : '&&'} ${p.add(filter.tags, 'text[]')}`,
    );
  }
  if (filter.since)
    where.push(`e.event_time >= ${p.add(filter.since.toISOString(), 'timestamptz')}`);
  if (filter.until)
    where.push(`e.event_time < ${p.add(filter.until.toISOString(), 'timestamptz')}`);
  if (filter.q) {
    const query = `translate(${p.add(filter.q, 'text')}, '/=:()[],"''', '          ')`;
    where.push(`${SEARCH_DOCUMENT} @@ websearch_to_tsquery('simple'::regconfig, ${query})`);
  }
  for (const [name, values] of Object.entries(filter.fields)) {
    const alternatives = values.flatMap((v) => fieldDocuments(name, v));
    where.push(
      `(${alternatives.map((doc) => `e.output_fields @> ${p.add(doc, 'jsonb')}`).join(' OR ')})`,
    );
  }
  return where;
}

/**
 * `field[proc.pid]=42` must match the string "42" and the number 42 (Falco sends both kinds),
 * `true`/`false`/`null` their JSON literals. Containment (@>) uses the GIN index.
 */
function fieldDocuments(name: string, value: string): string[] {
  const key = JSON.stringify(name);
  const docs = [`{${key}:${JSON.stringify(value)}}`];
  if (DECIMAL.test(value)) docs.push(`{${key}:${value}}`);
  if (value === 'true' || value === 'false' || value === 'null') docs.push(`{${key}:${value}}`);
  return docs;
}

/**
 * One value is written `=`, several `= ANY`: Postgres 15 reads a (column, event_time) index in
 * time order only for `=`, so a page of a rare value stays an index range (docs/benchmarks.md).
 */
function equals(
  column: string,
  values: readonly (string | number)[],
  type: string,
  p: SqlParams,
): string {
  return values.length === 1
    ? `${column} = ${p.add(values[0], type)}`
    : `${column} = ANY(${p.add(values, `${type}[]`)})`;
}

export function whereClause(conditions: string[]): string {
  return conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
}
