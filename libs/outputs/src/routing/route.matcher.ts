import { parsePriority, priorityRank, type Priority, type StoredEvent } from '@aerie/contracts';
import { fieldValueMatches } from './field-match.js';
import { compileGlobs } from './glob.js';
import { compileRulePatterns } from './rule-pattern.js';
import type { Match, Route } from './route.schema.js';
import { teamScope, type TeamSelectors } from './team-scope.js';

/**
 * What routing reads of an event. A StoredEvent is one; at ingest the engine passes the parsed
 * event's fields under the same names (`output_fields` may hold lossless number markers).
 */
export type RoutableEvent = Pick<
  StoredEvent,
  'priority' | 'rule' | 'source' | 'tags' | 'hostname' | 'cluster' | 'namespace' | 'boundary'
> & { readonly output_fields: Readonly<Record<string, unknown>> };

/** Teams by name (their selectors), for routes scoped to a team. */
export type TeamsByName = ReadonlyMap<string, TeamSelectors>;

export interface RouteFailure {
  /** The condition that did not hold: `min_priority`, `rules`, `not[1]`, `team`, … */
  condition: string;
  /** Why, in words (event values are shown, cut to 80 characters). */
  reason: string;
}

export interface RouteExplanation {
  matched: boolean;
  /** Every condition that did not hold (empty when matched). */
  failed: RouteFailure[];
}

export interface CompiledRoute {
  matches(event: RoutableEvent, teams?: TeamsByName): boolean;
  explain(event: RoutableEvent, teams?: TeamsByName): RouteExplanation;
}

interface Check {
  condition: string;
  test(event: RoutableEvent, teams: TeamsByName): boolean;
  reason(event: RoutableEvent, teams: TeamsByName): string;
}

const NO_TEAMS: TeamsByName = new Map();

/** Turns a parsed route into predicates once; routing then runs per event per output. */
export function compileRoute(route: Route): CompiledRoute {
  const { not, team, ...conditions } = route;
  const checks = compileMatch(conditions);
  if (not !== undefined) {
    const blocks = Array.isArray(not) ? not : [not];
    blocks.forEach((block, i) => {
      checks.push(exclusion(Array.isArray(not) ? `not[${i}]` : 'not', compileMatch(block)));
    });
  }
  if (team !== undefined) checks.push(teamCheck(team));
  return {
    matches: (event, teams = NO_TEAMS) => checks.every((c) => c.test(event, teams)),
    explain: (event, teams = NO_TEAMS) => {
      const failed = checks
        .filter((c) => !c.test(event, teams))
        .map((c) => ({ condition: c.condition, reason: c.reason(event, teams) }));
      return { matched: failed.length === 0, failed };
    },
  };
}

const compiled = new WeakMap<Route, CompiledRoute>();

function compiledRoute(route: Route): CompiledRoute {
  let c = compiled.get(route);
  if (!c) {
    c = compileRoute(route);
    compiled.set(route, c);
  }
  return c;
}

/** Whether the event goes to an output with this route (compiled once per route object). */
export function matches(
  route: Route,
  event: RoutableEvent,
  teams: TeamsByName = NO_TEAMS,
): boolean {
  return compiledRoute(route).matches(event, teams);
}

/** Which conditions of the route the event fails (for `POST /api/v1/outputs/route-test`). */
export function explain(
  route: Route,
  event: RoutableEvent,
  teams: TeamsByName = NO_TEAMS,
): RouteExplanation {
  return compiledRoute(route).explain(event, teams);
}

function compileMatch(m: Match): Check[] {
  const checks: Check[] = [];
  if (m.min_priority !== undefined) {
    const min = priority(m.min_priority);
    const rank = priorityRank(min);
    checks.push({
      condition: 'min_priority',
      test: (e) => priorityRank(e.priority) <= rank,
      reason: (e) => `priority ${e.priority} is less severe than ${min}`,
    });
  }
  if (m.priorities !== undefined) {
    const wanted = new Set(m.priorities.map(priority));
    checks.push({
      condition: 'priorities',
      test: (e) => wanted.has(e.priority),
      reason: (e) => `priority ${e.priority} is not one of ${show([...wanted])}`,
    });
  }
  if (m.sources !== undefined) {
    const wanted = new Set(m.sources);
    checks.push({
      condition: 'sources',
      test: (e) => wanted.has(e.source),
      reason: (e) => `source ${quote(e.source)} is not one of ${show(m.sources ?? [])}`,
    });
  }
  if (m.rules !== undefined) {
    const test = compileRulePatterns(m.rules);
    checks.push({
      condition: 'rules',
      test: (e) => test(e.rule),
      reason: (e) => `rule ${quote(e.rule)} matches none of ${show(m.rules ?? [])}`,
    });
  }
  if (m.tags !== undefined) checks.push(tagsCheck(m.tags));
  if (m.hostnames !== undefined) {
    checks.push(globCheck('hostnames', 'hostname', m.hostnames, (e) => e.hostname));
  }
  if (m.clusters !== undefined) {
    checks.push(globCheck('clusters', 'cluster', m.clusters, (e) => e.cluster ?? ''));
  }
  if (m.namespaces !== undefined) {
    checks.push(globCheck('namespaces', 'namespace', m.namespaces, (e) => e.namespace));
  }
  if (m.boundaries !== undefined) {
    const wanted = new Set<string>(m.boundaries);
    checks.push({
      condition: 'boundaries',
      test: (e) => wanted.has(e.boundary),
      reason: (e) => `boundary ${e.boundary} is not one of ${show(m.boundaries ?? [])}`,
    });
  }
  for (const [name, value] of Object.entries(m.fields ?? {})) {
    checks.push(fieldCheck(name, (Array.isArray(value) ? value : [value]).map(String)));
  }
  return checks;
}

function priority(name: string): Priority {
  // The schema accepted only priority names; a route built by hand gets the same check.
  const p = parsePriority(name);
  if (p === undefined) throw new Error(`not a priority: ${JSON.stringify(name)}`);
  return p;
}

function tagsCheck(tags: NonNullable<Match['tags']>): Check {
  const all = !Array.isArray(tags) && 'all' in tags;
  const list = Array.isArray(tags) ? tags : 'all' in tags ? tags.all : tags.any;
  const wanted = new Set(list);
  if (all) {
    return {
      condition: 'tags',
      test: (e) => list.every((t) => e.tags.includes(t)),
      reason: (e) => `tags lack ${show(list.filter((t) => !e.tags.includes(t)))}`,
    };
  }
  return {
    condition: 'tags',
    test: (e) => e.tags.some((t) => wanted.has(t)),
    reason: (e) => `tags ${show(e.tags)} hold none of ${show(list)}`,
  };
}

function globCheck(
  condition: string,
  what: string,
  globs: readonly string[],
  value: (e: RoutableEvent) => string | null,
): Check {
  const test = compileGlobs(globs);
  return {
    condition,
    test: (e) => {
      const v = value(e);
      return v !== null && test(v);
    },
    reason: (e) => {
      const v = value(e);
      return v === null
        ? `the event has no ${what}`
        : `${what} ${quote(v)} matches none of ${show(globs)}`;
    },
  };
}

function fieldCheck(name: string, wanted: readonly string[]): Check {
  const condition = `fields[${JSON.stringify(name)}]`;
  return {
    condition,
    test: (e) => {
      const v = e.output_fields[name];
      return v !== undefined && wanted.some((w) => fieldValueMatches(v, w));
    },
    reason: (e) => {
      const v = e.output_fields[name];
      return v === undefined
        ? `the event has no output field ${quote(name)}`
        : `output field ${quote(name)} is ${quote(JSON.stringify(v) ?? String(v))}, not one of ${show(wanted)}`;
    },
  };
}

function exclusion(condition: string, inner: Check[]): Check {
  return {
    condition,
    test: (e, teams) => !inner.every((c) => c.test(e, teams)),
    reason: () => `the event matches the exclusion (${inner.map((c) => c.condition).join(', ')})`,
  };
}

function teamCheck(name: string): Check {
  return {
    condition: 'team',
    test: (e, teams) => {
      const team = teams.get(name);
      return team !== undefined && teamScope(team)(e.cluster, e.namespace);
    },
    reason: (e, teams) => {
      if (!teams.has(name)) return `team ${quote(name)} does not exist`;
      const where =
        e.namespace === null
          ? `the event has no namespace (cluster ${quote(e.cluster ?? '')})`
          : `namespace ${quote(`${e.cluster ?? ''}/${e.namespace}`)}`;
      return `${where} is outside team ${quote(name)}`;
    },
  };
}

const SHOWN = 80;

function quote(s: string): string {
  return JSON.stringify(s.length > SHOWN ? `${s.slice(0, SHOWN)}…` : s);
}

function show(values: readonly string[]): string {
  const head = values.slice(0, 5).map(quote);
  return `[${head.join(', ')}${values.length > 5 ? `, … ${values.length - 5} more` : ''}]`;
}
