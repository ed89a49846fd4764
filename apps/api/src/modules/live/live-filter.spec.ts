import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createGenerator } from '@aerie/bench';
import { parseEventFilter, type Issue, type RawQuery } from '@aerie/contracts';
import { post } from '../../test-support/test-app.js';
import { startTestApp, type TestApp } from '../../test-support/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-database.js';
import { ALL, scopeOfTeams, type TenantScope } from '../access/tenant-scope.js';
import { filterConditions, whereClause } from '../events/event-filter.sql.js';
import { SqlParams } from '../events/sql-params.js';
import { LiveFeed } from './live-feed.js';
import { rowMatcher, visibleIn, type LiveRow } from './live-filter.js';

const NOW = Date.parse('2026-05-01T12:00:00Z');

/** Events the corpus lacks: numbers written several ways, literals, arrays, no tenant, Unicode. */
const EDGE_EVENTS = [
  `{"time":"2026-05-01T12:00:00.000001Z","rule":"Edge numbers","priority":"Notice","source":"syscall","hostname":"edge-1","output":"edge numbers file=/etc/shadow","output_fields":{"k8s.ns.name":"café","k8s.cluster.name":"prod-eu","x.num":42.0,"x.str":"42","x.neg":-0,"x.small":0.0000001,"x.big":1746093600123456789,"x.exp":1E3,"x.bool":true,"x.null":null,"x.arr":["a","b"],"x.obj":{"a":"b"}}}`,
  `{"time":"2026-05-01T12:00:00.000002Z","rule":"Edge numbers","priority":"Critical","source":"syscall","hostname":"edge-2","output":"edge strings","output_fields":{"k8s.cluster.name":"prod-us","x.num":"42.0","x.str":42,"x.neg":"0","x.small":"1e-7","x.big":"1746093600123456789","x.exp":1000,"x.bool":"true","x.null":"null","x.arr":"a"}}`,
  `{"time":"2026-05-01T12:00:00.000003Z","rule":"Edge, no tenant","priority":"Error","source":"okta","output":"no cluster, no namespace","output_fields":{"x.num":42}}`,
  `{"time":"2026-05-01T12:00:00.000004Z","rule":"Edge numbers","priority":"Warning","source":"syscall","hostname":"edge-3","output":"glob traps","output_fields":{"k8s.ns.name":"team_%x","k8s.cluster.name":"dev\\\\1","x.num":41.99999}}`,
];

describe.each(['default', 'pglite'] as const)(
  'the live matcher and the SQL filter agree on the Falco corpus (%s database)',
  (which) => {
    let db: TestDatabase;
    let app: TestApp;
    let rows: LiveRow[];

    beforeAll(async () => {
      db = await createTestDatabase(which === 'pglite' ? 'pglite' : undefined);
      app = await startTestApp(db);
      const generator = createGenerator({ seed: 11, now: NOW - 3_600_000 });
      const bodies = [...Array.from({ length: 400 }, () => generator.nextJson()), ...EDGE_EVENTS];
      const res = await post(`${app.url}/api/v1/events`, bodies.join('\n'), 'application/x-ndjson');
      expect(res.status, res.text).toBe(200);
      rows = await readAll(app, QUERIES);
      expect(rows).toHaveLength(bodies.length);
    });
    afterAll(async () => {
      await app?.close();
      await db?.drop();
    });

    it('for every filter and scope: the same events', async () => {
      const filters = [...fixedFilters(), ...filtersFromCorpus(rows)];
      const scopes = scopesFromCorpus(rows);
      let informative = 0;
      for (const raw of filters) {
        const issues: Issue[] = [];
        const filter = parseEventFilter(raw, issues, NOW);
        expect(issues, JSON.stringify(raw)).toEqual([]);
        for (const [name, scope] of scopes) {
          const p = new SqlParams();
          const found = await app.database.query<{ seq: string | number }>(
            `SELECT e.seq FROM events e ${whereClause(filterConditions(filter, p, scope))} ORDER BY e.seq`,
            p.values,
          );
          const expected = found.map((r) => Number(r.seq));
          const matches = rowMatcher(filter, scope);
          const got = rows.filter(matches).map((r) => r.event.seq);
          expect(got, `${JSON.stringify(raw)} as ${name}`).toEqual(expected);
          if (expected.length > 0 && expected.length < rows.length) informative++;
        }
      }
      // The comparison is only worth something if most answers are neither empty nor everything.
      expect(informative).toBeGreaterThan((filters.length * scopes.length) / 3);
    });

    it('decides group and delivery visibility as the scope condition does', async () => {
      for (const [name, scope] of scopesFromCorpus(rows)) {
        const p = new SqlParams();
        const found = await app.database.query<{ seq: string | number }>(
          `SELECT e.seq FROM events e ${whereClause(filterConditions({ tagsMatch: 'all', fields: {} }, p, scope))} ORDER BY e.seq`,
          p.values,
        );
        const got = rows
          .filter((r) => visibleIn(scope, r.event.cluster, r.event.namespace))
          .map((r) => r.event.seq);
        expect(got, name).toEqual(found.map((r) => Number(r.seq)));
      }
    });
  },
);

const QUERIES = [
  'shadow',
  'shell',
  '"terminal shell"',
  'sensitive -shadow',
  'kubectl or curl',
  'etc/shadow',
  'café',
  'file=/etc/shadow',
  '/',
];

/** Every row of the database with every query of QUERIES decided, as LiveFeed reads them. */
async function readAll(app: TestApp, searches: string[]): Promise<LiveRow[]> {
  const feed = new LiveFeed(
    app.database,
    {
      wantsEvents: () => true,
      searches: () => searches,
      deliver: () => undefined,
      skipped: () => undefined,
    },
    pino({ level: 'silent' }),
  );
  const out: LiveRow[] = [];
  for (let after = 0; ;) {
    const page = await feed.read(after, Number.MAX_SAFE_INTEGER);
    if (page.length === 0) return out;
    out.push(...page);
    after = page[page.length - 1]!.event.seq;
  }
}

function fixedFilters(): RawQuery[] {
  return [
    {},
    { priority: 'Critical' },
    { priority: 'warning,error' },
    { min_priority: 'error' },
    { boundary: 'host' },
    { boundary: 'control-plane,network' },
    { source: 'k8s_audit' },
    { source: ['okta', 'github'] },
    { since: '2026-05-01T11:20:00Z' },
    { until: '2026-05-01T11:20:00Z' },
    { since: '2026-05-01T11:10:00Z', until: '2026-05-01T11:40:00.5Z' },
    { since: '2026-05-01T12:00:00.000002Z' },
    { until: '2026-05-01T12:00:00.000003Z', since: '2026-05-01T12:00:00.000001Z' },
    ...QUERIES.map((q) => ({ q })),
    { q: 'shell', priority: 'notice,warning' },
    { 'field[x.num]': '42' },
    { 'field[x.num]': '42.0' },
    { 'field[x.num]': '042' },
    { 'field[x.num]': '41.99999' },
    { 'field[x.str]': '42' },
    { 'field[x.neg]': '0' },
    { 'field[x.neg]': '-0' },
    { 'field[x.small]': '0.0000001' },
    { 'field[x.small]': '1e-7' },
    { 'field[x.big]': '1746093600123456789' },
    { 'field[x.big]': '1746093600123456788' },
    { 'field[x.exp]': '1000' },
    { 'field[x.bool]': 'true' },
    { 'field[x.null]': 'null' },
    { 'field[x.arr]': 'a' },
    { 'field[x.obj]': 'b' },
    { 'field[x.num]': ['41', '42'] },
    { 'field[x.num]': '42', 'field[x.str]': '42' },
    { cluster: 'prod-eu' },
    { namespace: 'café' },
    { rule: 'Edge, no tenant' },
    { tags: 'container' },
    { tags: 'container,mitre_execution' },
    { tags: 'container,mitre_execution', tags_match: 'any' },
    { tags: 'no-such-tag', tags_match: 'any' },
  ];
}

/** Values the corpus has, by frequency: filters with answers of every size. */
function filtersFromCorpus(rows: LiveRow[]): RawQuery[] {
  const common = (pick: (r: LiveRow) => Array<string | null>, n: number) => {
    const counts = new Map<string, number>();
    for (const r of rows)
      for (const v of pick(r)) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
    return [...counts.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, n)
      .map(([v]) => v);
  };
  const out: RawQuery[] = [];
  const [rule1, rule2] = common((r) => [r.event.rule], 2);
  out.push({ rule: rule1! }, { rule: [rule1!, rule2!] });
  const hosts = common((r) => [r.event.hostname], 3);
  out.push({ hostname: hosts[0]! }, { hostname: hosts.join(',') });
  const clusters = common((r) => [r.event.cluster], 3);
  out.push({ cluster: clusters[0]! }, { cluster: clusters.slice(1).join(',') });
  const namespaces = common((r) => [r.event.namespace], 4);
  out.push({ namespace: namespaces[0]! }, { namespace: namespaces.slice(1).join(',') });
  const tags = common((r) => r.event.tags, 4);
  out.push(
    { tags: tags[0]! },
    { tags: tags.slice(2).join(','), tags_match: 'any' },
    { tags: tags.slice(0, 2).join(',') },
  );
  const field = (name: string) =>
    common((r) => {
      const v = r.fields[name];
      return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
        ? [String(v)]
        : [];
    }, 2);
  for (const name of ['proc.name', 'proc.pid', 'user.name', 'ka.verb', 'fd.name', 'evt.num']) {
    const values = field(name);
    if (values[0] !== undefined) out.push({ [`field[${name}]`]: values[0] });
    if (values.length > 1) out.push({ [`field[${name}]`]: values });
  }
  out.push({ rule: rule1!, namespace: namespaces[0]!, min_priority: 'warning' });
  return out;
}

/** Admins, teams with exact names, globs, `?`, the cluster-wide grant, and no namespaces at all. */
function scopesFromCorpus(rows: LiveRow[]): Array<[string, TenantScope]> {
  const namespaced = rows.find((r) => r.event.namespace !== null && r.event.cluster !== null)!;
  const { cluster, namespace } = namespaced.event as { cluster: string; namespace: string };
  const team = (namespaces: string[], cluster_wide = false) =>
    scopeOfTeams([{ namespaces, cluster_wide }]);
  return [
    ['admin', ALL],
    ['exact', team([`${cluster}/${namespace}`])],
    ['any cluster', team([`*/${namespace}`])],
    ['prefix globs', team([`${cluster.slice(0, 3)}*/${namespace.slice(0, 2)}*`])],
    ['question marks', team([`${cluster.slice(0, -1)}?/*`, 'dev?1/team_%?'])],
    ['everything namespaced', team(['*/*'])],
    ['cluster-wide', team([`${cluster}/${namespace}`, 'prod-*/café'], true)],
    ['cluster-wide everywhere', team(['*/kube-system'], true)],
    ['LIKE characters taken literally', team(['dev\\1/team_%x', 'prod-eu/caf_'])],
    [
      'two teams',
      scopeOfTeams([
        { namespaces: ['*/café'], cluster_wide: false },
        { namespaces: [`${cluster}/*`], cluster_wide: true },
      ]),
    ],
    ['no namespaces', team([])],
  ];
}
