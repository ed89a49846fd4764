import { describe, expect, it } from 'vitest';
import {
  compileRoute,
  explain,
  matches,
  type RoutableEvent,
  type TeamsByName,
} from './route.matcher.js';
import { parseRoute, RouteSchema, type Route } from './route.schema.js';

/** A shell in a payments pod, the event most routes in these tests are about. */
const SHELL: RoutableEvent = {
  priority: 'Warning',
  rule: 'Terminal shell in container',
  source: 'syscall',
  tags: ['container', 'shell', 'mitre_execution'],
  hostname: 'node-1',
  cluster: 'prod-eu',
  namespace: 'payments-api',
  boundary: 'host',
  output_fields: {
    'proc.name': 'bash',
    'proc.pid': 4242,
    'proc.aname[2]': 'containerd-shim',
    'container.privileged': false,
    'user.uid': '0',
  },
};

function event(overrides: Partial<RoutableEvent>): RoutableEvent {
  return { ...SHELL, ...overrides };
}

function route(input: unknown): Route {
  return RouteSchema.parse(input);
}

function failedConditions(r: unknown, e: RoutableEvent, teams?: TeamsByName): string[] {
  return explain(route(r), e, teams).failed.map((f) => f.condition);
}

describe('a route', () => {
  it('without conditions takes every event', () => {
    expect(matches(route({}), SHELL)).toBe(true);
    expect(explain(route({}), SHELL)).toEqual({ matched: true, failed: [] });
  });

  it('min_priority takes that priority and more severe ones (any case, `info` alias)', () => {
    const r = route({ min_priority: 'WARNING' });
    expect(matches(r, event({ priority: 'Warning' }))).toBe(true);
    expect(matches(r, event({ priority: 'Emergency' }))).toBe(true);
    expect(matches(r, event({ priority: 'Notice' }))).toBe(false);
    expect(matches(route({ min_priority: 'info' }), event({ priority: 'Debug' }))).toBe(false);
    expect(matches(route({ min_priority: 'info' }), event({ priority: 'Informational' }))).toBe(
      true,
    );
    expect(explain(r, event({ priority: 'Notice' })).failed).toEqual([
      { condition: 'min_priority', reason: 'priority Notice is less severe than Warning' },
    ]);
  });

  it('priorities is a list of exact priorities', () => {
    const r = route({ priorities: ['critical', 'debug'] });
    expect(matches(r, event({ priority: 'Critical' }))).toBe(true);
    expect(matches(r, event({ priority: 'Debug' }))).toBe(true);
    expect(matches(r, event({ priority: 'Emergency' }))).toBe(false);
  });

  it('sources are exact', () => {
    expect(matches(route({ sources: ['syscall', 'k8s_audit'] }), SHELL)).toBe(true);
    expect(matches(route({ sources: ['k8s_audit'] }), SHELL)).toBe(false);
    expect(matches(route({ sources: ['sys*'] }), SHELL)).toBe(false);
  });

  it('rules are exact names, globs or regexes', () => {
    expect(matches(route({ rules: ['Terminal shell in container'] }), SHELL)).toBe(true);
    expect(matches(route({ rules: ['Terminal shell*'] }), SHELL)).toBe(true);
    expect(matches(route({ rules: ['/^terminal/i'] }), SHELL)).toBe(true);
    expect(matches(route({ rules: ['Terminal shell', '/^K8s /'] }), SHELL)).toBe(false);
  });

  it('tags: a list or `any` needs one of them, `all` needs each', () => {
    expect(matches(route({ tags: ['shell', 'network'] }), SHELL)).toBe(true);
    expect(matches(route({ tags: { any: ['network', 'shell'] } }), SHELL)).toBe(true);
    expect(matches(route({ tags: { any: ['network'] } }), SHELL)).toBe(false);
    expect(matches(route({ tags: { all: ['shell', 'container'] } }), SHELL)).toBe(true);
    expect(matches(route({ tags: { all: ['shell', 'network'] } }), SHELL)).toBe(false);
    expect(explain(route({ tags: { all: ['shell', 'network'] } }), SHELL).failed[0]?.reason).toBe(
      'tags lack ["network"]',
    );
  });

  it('clusters are globs; a missing cluster is the empty name', () => {
    expect(matches(route({ clusters: ['prod-*'] }), SHELL)).toBe(true);
    expect(matches(route({ clusters: ['dev', 'staging-*'] }), SHELL)).toBe(false);
    expect(matches(route({ clusters: ['*'] }), event({ cluster: null }))).toBe(true);
    expect(matches(route({ clusters: ['prod-*'] }), event({ cluster: null }))).toBe(false);
  });

  it('namespaces are globs; an event without a namespace matches none', () => {
    expect(matches(route({ namespaces: ['payments-*'] }), SHELL)).toBe(true);
    expect(matches(route({ namespaces: ['payments'] }), SHELL)).toBe(false);
    expect(matches(route({ namespaces: ['*'] }), event({ namespace: null }))).toBe(false);
    expect(explain(route({ namespaces: ['*'] }), event({ namespace: null })).failed).toEqual([
      { condition: 'namespaces', reason: 'the event has no namespace' },
    ]);
  });

  it('hostnames are globs', () => {
    expect(matches(route({ hostnames: ['node-?'] }), SHELL)).toBe(true);
    expect(matches(route({ hostnames: ['node-?'] }), event({ hostname: 'node-10' }))).toBe(false);
    expect(matches(route({ hostnames: ['*'] }), event({ hostname: null }))).toBe(false);
  });

  it('boundaries', () => {
    expect(matches(route({ boundaries: ['host', 'network'] }), SHELL)).toBe(true);
    expect(matches(route({ boundaries: ['control-plane'] }), SHELL)).toBe(false);
  });

  it('fields compare as text: "42" and 42 alike, bracketed names as written', () => {
    expect(matches(route({ fields: { 'proc.name': ['sh', 'bash'] } }), SHELL)).toBe(true);
    expect(matches(route({ fields: { 'proc.name': 'bash' } }), SHELL)).toBe(true);
    expect(matches(route({ fields: { 'proc.pid': '4242' } }), SHELL)).toBe(true);
    expect(matches(route({ fields: { 'proc.pid': 4242 } }), SHELL)).toBe(true);
    expect(matches(route({ fields: { 'user.uid': 0 } }), SHELL)).toBe(true);
    expect(matches(route({ fields: { 'container.privileged': false } }), SHELL)).toBe(true);
    expect(matches(route({ fields: { 'proc.aname[2]': 'containerd-shim' } }), SHELL)).toBe(true);
    expect(matches(route({ fields: { 'proc.aname[3]': 'containerd-shim' } }), SHELL)).toBe(false);
    expect(
      matches(route({ fields: { 'proc.name': 'bash', 'proc.pid': 1 } }), SHELL),
      'every field must match',
    ).toBe(false);
    expect(failedConditions({ fields: { 'proc.pid': 1, 'fd.name': 'x' } }, SHELL)).toEqual([
      'fields["proc.pid"]',
      'fields["fd.name"]',
    ]);
    expect(explain(route({ fields: { 'proc.pid': 1 } }), SHELL).failed[0]?.reason).toBe(
      'output field "proc.pid" is "4242", not one of ["1"]',
    );
  });

  it('ANDs its conditions and lists every one that fails', () => {
    const r = { min_priority: 'error', sources: ['k8s_audit'], namespaces: ['payments-*'] };
    expect(matches(route(r), SHELL)).toBe(false);
    expect(failedConditions(r, SHELL)).toEqual(['min_priority', 'sources']);
    expect(matches(route(r), event({ priority: 'Critical', source: 'k8s_audit' }))).toBe(true);
  });
});

describe('not', () => {
  it('excludes what its block matches as a whole', () => {
    const r = route({
      min_priority: 'notice',
      not: { namespaces: ['kube-*'], rules: ['Terminal*'] },
    });
    expect(matches(r, SHELL)).toBe(true);
    expect(matches(r, event({ namespace: 'kube-system' }))).toBe(false);
    expect(matches(r, event({ namespace: 'kube-system', rule: 'Other' }))).toBe(true);
    expect(explain(r, event({ namespace: 'kube-system' })).failed).toEqual([
      { condition: 'not', reason: 'the event matches the exclusion (rules, namespaces)' },
    ]);
  });

  it('as a list excludes what any block matches', () => {
    const r = route({ not: [{ namespaces: ['kube-*'] }, { fields: { 'proc.name': 'bash' } }] });
    expect(matches(r, SHELL)).toBe(false);
    expect(
      failedConditions({ not: [{ namespaces: ['kube-*'] }, { tags: ['shell'] }] }, SHELL),
    ).toEqual(['not[1]']);
    expect(matches(r, event({ output_fields: { 'proc.name': 'sh' } }))).toBe(true);
  });

  it('can exclude by priority, tags and boundaries too', () => {
    expect(matches(route({ not: { priorities: ['warning'] } }), SHELL)).toBe(false);
    expect(matches(route({ not: { tags: { all: ['shell', 'network'] } } }), SHELL)).toBe(true);
    expect(matches(route({ not: { boundaries: ['host'] } }), SHELL)).toBe(false);
  });
});

describe('team', () => {
  const teams: TeamsByName = new Map([
    ['payments', { namespaces: ['prod-*/payments-*'], cluster_wide: false }],
    ['platform', { namespaces: ['prod-eu/kube-*'], cluster_wide: true }],
  ]);

  it("takes only events inside the team's namespaces", () => {
    const r = route({ team: 'payments' });
    expect(matches(r, SHELL, teams)).toBe(true);
    expect(matches(r, event({ cluster: 'dev' }), teams)).toBe(false);
    expect(matches(r, event({ namespace: 'billing' }), teams)).toBe(false);
    expect(matches(r, event({ namespace: null }), teams), 'no cluster-wide grant').toBe(false);
    expect(explain(r, event({ namespace: 'billing' }), teams).failed).toEqual([
      { condition: 'team', reason: 'namespace "prod-eu/billing" is outside team "payments"' },
    ]);
  });

  it('with the cluster-wide grant also takes events without a namespace in its clusters', () => {
    const r = route({ team: 'platform' });
    expect(matches(r, event({ namespace: null }), teams)).toBe(true);
    expect(matches(r, event({ namespace: null, cluster: 'prod-us' }), teams)).toBe(false);
    expect(matches(r, event({ namespace: null, cluster: null }), teams)).toBe(false);
    expect(matches(r, SHELL, teams)).toBe(false);
  });

  it('takes nothing when the team does not exist (or no teams are given)', () => {
    expect(matches(route({ team: 'ghosts' }), SHELL, teams)).toBe(false);
    expect(matches(route({ team: 'payments' }), SHELL)).toBe(false);
    expect(explain(route({ team: 'ghosts' }), SHELL, teams).failed).toEqual([
      { condition: 'team', reason: 'team "ghosts" does not exist' },
    ]);
  });

  it('ANDs with the other conditions', () => {
    const r = route({ team: 'payments', min_priority: 'critical' });
    expect(matches(r, SHELL, teams)).toBe(false);
    expect(matches(r, event({ priority: 'Critical' }), teams)).toBe(true);
  });

  it('follows a team whose selectors change (a new team object)', () => {
    const r = route({ team: 'payments' });
    expect(matches(r, event({ namespace: 'billing' }), teams)).toBe(false);
    const widened: TeamsByName = new Map([
      ['payments', { namespaces: ['*/*'], cluster_wide: false }],
    ]);
    expect(matches(r, event({ namespace: 'billing' }), widened)).toBe(true);
  });
});

describe('RouteSchema', () => {
  function issues(input: unknown): Array<{ field: string; message: string }> {
    const result = parseRoute(input);
    return result.ok ? [] : result.issues;
  }

  it('names the field of a bad regex, with the reason', () => {
    expect(issues({ rules: ['ok', '/(/'] })).toEqual([
      {
        field: 'route.rules[1]',
        message: expect.stringMatching(/^invalid regular expression: .*Unterminated group/),
      },
    ]);
    expect(issues({ not: [{ rules: ['/(a+)+/'] }] })).toEqual([
      { field: 'route.not[0].rules[0]', message: expect.stringMatching(/exponential time/) },
    ]);
  });

  it('refuses unknown keys, bad priorities, empty lists, empty exclusions and bad team names', () => {
    expect(issues({ min_priorty: 'warning' })[0]?.message).toMatch(/min_priorty/);
    expect(issues({ min_priority: 'warn' })).toEqual([
      {
        field: 'route.min_priority',
        message: expect.stringMatching(/^must be a priority: emergency/),
      },
    ]);
    expect(issues({ rules: [] })[0]).toEqual({
      field: 'route.rules',
      message: 'must not be empty (leave the key out to match every value)',
    });
    expect(issues({ not: {} })[0]?.field).toBe('route.not');
    expect(issues({ team: 'no spaces' })[0]?.field).toBe('route.team');
    expect(issues({ boundaries: ['kernel'] })[0]?.field).toBe('route.boundaries[0]');
    expect(issues({ tags: { some: ['x'] } }).length).toBeGreaterThan(0);
    expect(issues({ not: { team: 'x' } }).length, 'no team inside not').toBeGreaterThan(0);
    expect(issues({ fields: { 'proc.name': null } })[0]?.field).toBe('route.fields["proc.name"]');
  });

  it('treats a missing route as every event', () => {
    expect(parseRoute(undefined)).toEqual({ ok: true, route: {} });
  });

  it('keeps what people wrote', () => {
    const input = { min_priority: 'Warning', rules: ['/^K8s/i'], tags: { all: ['a'] } };
    expect(parseRoute(input)).toEqual({ ok: true, route: input });
  });
});

describe('compileRoute', () => {
  it('gives a reusable predicate', () => {
    const compiled = compileRoute(route({ rules: ['Terminal*'], fields: { 'proc.name': 'bash' } }));
    expect(compiled.matches(SHELL)).toBe(true);
    expect(compiled.matches(event({ rule: 'Other' }))).toBe(false);
    expect(compiled.explain(event({ rule: 'Other' })).failed.map((f) => f.condition)).toEqual([
      'rules',
    ]);
  });

  it('refuses a hand-built route with a bad priority', () => {
    expect(() => compileRoute({ min_priority: 'loud' })).toThrow(/not a priority/);
  });
});
