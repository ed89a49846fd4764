import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { falcoEvent } from '../../test-support/falco-events.js';
import { call, signIn, type As, type Session } from '../../test-support/http.js';
import { startTestApp, type TestApp } from '../../test-support/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-database.js';
import { SqlParams } from '../events/sql-params.js';
import { openStream } from '../siem/siem.test-support.js';
import { scopeCondition, scopeOfTeams, scopePatterns } from './tenant-scope.js';

/**
 * A team never receives another team's events — not as rows, counts, groups, ids, cursors or
 * error messages — whether it reads with a session or a token (issue 3's isolation promise).
 */

const PASSWORD = 'correct horse battery staple';
/** [cluster, namespace | null, hostname]: who owns it. */
const EVENTS = {
  payments: ['prod-eu', 'payments', 'node-1'],
  paymentsDev: ['dev', 'payments', 'node-9'],
  billing: ['prod-eu', 'billing-api', 'node-2'],
  billingUs: ['prod-us', 'billing-worker', 'node-3'],
  hostProd: ['prod-eu', null, 'node-4'],
  hostDev: ['dev', null, 'node-5'],
  kubeSystem: ['prod-eu', 'kube-system', 'node-6'],
} as const;
type Key = keyof typeof EVENTS;
/** payments: `*\/payments`; billing: `prod-*\/billing-*` with the cluster-wide grant. */
const SEES: Record<'payments' | 'billing', Key[]> = {
  payments: ['payments', 'paymentsDev'],
  billing: ['billing', 'billingUs', 'hostProd'],
};

let target: TestDatabase;
let app: TestApp;
const ids = {} as Record<Key, string>;
let alice: Session; // viewer, payments
let bob: Session; // analyst, billing
let paymentsToken: string;
let noTeamToken: string;

beforeAll(async () => {
  target = await createTestDatabase();
  app = await startTestApp(target);
  const admin = app.adminToken;
  // Two events per key, so pages of one need cursors and counts are not all 1.
  for (const [key, [cluster, namespace, hostname]] of Object.entries(EVENTS)) {
    for (const n of [1, 2]) {
      const fields: Record<string, unknown> = { 'k8s.cluster.name': cluster, 'proc.name': key };
      if (namespace) fields['k8s.ns.name'] = namespace;
      const res = await call(app.url, 'POST', '/', undefined, {
        ...falcoEvent({ output_fields: fields, hostname }),
        time: `2026-05-01T10:0${n}:00Z`,
        output: `${key} event ${n} in ${namespace ?? 'the host'}`,
      });
      expect(res.status).toBe(200);
      ids[key as Key] = (res.body as { id: string }).id;
    }
  }
  for (const team of [
    { name: 'payments', namespaces: ['*/payments'] },
    { name: 'billing', namespaces: ['prod-*/billing-*'], cluster_wide: true },
  ]) {
    expect((await call(app.url, 'POST', '/api/v1/teams', admin, team)).status).toBe(201);
  }
  for (const [username, role, team] of [
    ['alice', 'viewer', 'payments'],
    ['bob', 'analyst', 'billing'],
  ] as const) {
    const res = await call(app.url, 'POST', '/api/v1/users', admin, {
      username,
      password: PASSWORD,
      role,
      teams: [team],
    });
    expect(res.status).toBe(201);
  }
  alice = await signIn(app.url, 'alice', PASSWORD);
  bob = await signIn(app.url, 'bob', PASSWORD);
  const token = async (teams: string[]) =>
    (
      (
        await call(app.url, 'POST', '/api/v1/tokens', admin, {
          name: `read ${teams.join(',') || 'nothing'}`,
          scopes: ['siem:read'],
          teams,
        })
      ).body as { token: string }
    ).token;
  paymentsToken = await token(['payments']);
  noTeamToken = await token([]);
});
afterAll(async () => {
  await app?.close();
  await target?.drop();
});

interface Item {
  id: string;
  namespace: string | null;
  cluster: string | null;
  hostname: string;
}

/** Follows every cursor of `path` (limit 1: one page per event) and returns all items. */
async function allPages(path: string, as: As): Promise<Item[]> {
  const items: Item[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const res = await call(
      app.url,
      'GET',
      `${path}${sep}limit=1${cursor ? `&cursor=${cursor}` : ''}`,
      as,
    );
    expect(res.status).toBe(200);
    const page = res.body as { items: Item[]; next_cursor: string | null };
    items.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor !== null);
  return items;
}

const hostnames = (keys: readonly Key[]) => keys.map((k) => EVENTS[k][2]).sort();
const readers = () =>
  [
    ['alice (session, payments)', alice, SEES.payments],
    ['bob (session, billing + cluster-wide)', bob, SEES.billing],
    ['a siem:read token of payments', paymentsToken, SEES.payments],
    ['a token with no team', noTeamToken, []],
  ] as const;

describe('tenant isolation', () => {
  it('events: each reader pages through exactly its own, in both sort orders', async () => {
    for (const [who, as, sees] of readers()) {
      for (const sort of ['time', 'seq']) {
        const items = await allPages(`/api/v1/events?sort=${sort}`, as);
        expect(items.map((i) => i.hostname).sort(), `${who}, sort=${sort}`).toEqual(
          hostnames(sees.flatMap((k) => [k, k])),
        );
      }
    }
  });

  it('filters cannot reach past the scope: namespace, cluster, text, fields, hosts', async () => {
    for (const query of [
      'namespace=billing-api',
      'cluster=prod-us',
      'q=billing',
      'field[proc.name]=billing',
      'hostname=node-4',
      'namespace=billing-api&namespace=payments',
    ]) {
      const res = await call(app.url, 'GET', `/api/v1/events?${query}`, alice);
      const items = (res.body as { items: Item[] }).items;
      expect(
        items.every((i) => i.namespace === 'payments'),
        query,
      ).toBe(true);
    }
  });

  it("an id of another team's event is answered exactly like an id that does not exist", async () => {
    const unknown = crypto.randomUUID();
    const theirs = await call(app.url, 'GET', `/api/v1/events/${ids.billing}`, alice);
    const none = await call(app.url, 'GET', `/api/v1/events/${unknown}`, alice);
    expect(theirs.status).toBe(404);
    expect(theirs.text.replace(ids.billing, '<id>')).toBe(none.text.replace(unknown, '<id>'));
    expect(theirs.text).not.toMatch(/billing-api|prod-eu|node-2/);
    // Their own is there, with its raw payload.
    expect((await call(app.url, 'GET', `/api/v1/events/${ids.payments}`, alice)).status).toBe(200);
    // The cluster-wide grant covers host events in the team's clusters only.
    expect((await call(app.url, 'GET', `/api/v1/events/${ids.hostProd}`, bob)).status).toBe(200);
    expect((await call(app.url, 'GET', `/api/v1/events/${ids.hostDev}`, bob)).status).toBe(404);
  });

  it("another team's cursor only ever yields the reader's own events", async () => {
    const first = await call(app.url, 'GET', '/api/v1/events?limit=1&order=asc', bob);
    const cursor = (first.body as { next_cursor: string }).next_cursor;
    const res = await call(app.url, 'GET', `/api/v1/events?order=asc&cursor=${cursor}`, alice);
    const items = (res.body as { items: Item[] }).items;
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i) => i.namespace === 'payments')).toBe(true);
  });

  it('groups: only the reader’s, with counts over its own events', async () => {
    for (const [who, as, sees] of readers()) {
      const res = await call(app.url, 'GET', '/api/v1/groups?limit=1000', as);
      const items = (res.body as { items: Array<Item & { count: number }> }).items;
      expect(items.map((g) => g.hostname).sort(), who).toEqual(hostnames(sees));
      expect(
        items.every((g) => g.count === 2),
        who,
      ).toBe(true);
      // With a filter, counted from the events (not the maintained totals): the same groups.
      const filtered = await call(
        app.url,
        'GET',
        '/api/v1/groups?limit=1000&since=2026-05-01T00:00:00Z',
        as,
      );
      expect(filtered.status, who).toBe(200);
      const again = (filtered.body as { items: Array<Item & { count: number }> }).items;
      expect(again.map((g) => g.hostname).sort(), who).toEqual(hostnames(sees));
    }
  });

  it('triage: another team’s group is 404 to read, change, comment or follow; bulk skips it', async () => {
    const groupOf = async (key: Key) =>
      (
        (await call(app.url, 'GET', `/api/v1/events/${ids[key]}`, app.adminToken)).body as {
          group_id: string;
        }
      ).group_id;
    const [payments, billing] = [await groupOf('payments'), await groupOf('billing')];
    const unknown = crypto.randomUUID();
    for (const [method, path, body] of [
      ['GET', '/api/v1/groups/<id>', undefined],
      ['GET', '/api/v1/groups/<id>/activity', undefined],
      ['PATCH', '/api/v1/groups/<id>', { status: 'acknowledged' }],
      ['POST', '/api/v1/groups/<id>/comments', { body: 'not yours' }],
    ] as const) {
      const theirs = await call(app.url, method, path.replace('<id>', payments), bob, body);
      const none = await call(app.url, method, path.replace('<id>', unknown), bob, body);
      expect(theirs.status, `${method} ${path}`).toBe(404);
      expect(theirs.text.replace(payments, '<id>')).toBe(none.text.replace(unknown, '<id>'));
      const own = await call(app.url, method, path.replace('<id>', billing), bob, body);
      expect(own.status, `${method} ${path} (own)`).toBeLessThan(300);
      // A viewer reads its own team's group, and may not change it.
      const viewer = await call(app.url, method, path.replace('<id>', payments), alice, body);
      expect(viewer.status, `${method} ${path} (viewer)`).toBe(method === 'GET' ? 200 : 403);
    }
    const byIds = await call(app.url, 'POST', '/api/v1/groups/bulk', bob, {
      ids: [payments, billing],
      status: 'resolved',
    });
    expect(byIds.body).toEqual({ updated: 1 });
    const byFilter = await call(app.url, 'POST', '/api/v1/groups/bulk', bob, {
      filter: {},
      assignee: 'bob',
    });
    expect(byFilter.body).toEqual({ updated: SEES.billing.length });
    const mine = await call(app.url, 'GET', '/api/v1/groups?assignee=bob', app.adminToken);
    expect(
      (mine.body as { items: Item[] }).items.map((g) => g.hostname).sort(),
      'bulk on a filter reaches the caller’s groups only',
    ).toEqual(hostnames(SEES.billing));
    const untouched = await call(app.url, 'GET', `/api/v1/groups/${payments}`, app.adminToken);
    expect(untouched.body).toMatchObject({ status: 'new', assignee: null, comment_count: 0 });
  });

  it('stats: totals, every dimension and the histogram count the reader’s events only', async () => {
    for (const [who, as, sees] of readers()) {
      const res = await call(
        app.url,
        'GET',
        '/api/v1/stats?since=2026-05-01T00:00:00Z&until=2026-05-02T00:00:00Z',
        as,
      );
      const stats = res.body as {
        total: number;
        by_namespace: Array<{ value: string | null; count: number }>;
        by_hostname: Array<{ value: string; count: number }>;
        by_cluster: Array<{ value: string; count: number }>;
        histogram: { buckets: Array<{ count: number }> };
      };
      expect(stats.total, who).toBe(sees.length * 2);
      expect(stats.by_hostname.map((h) => h.value).sort(), who).toEqual(hostnames(sees));
      const namespaces = new Set(sees.map((k) => EVENTS[k][1]));
      expect(new Set(stats.by_namespace.map((n) => n.value)), who).toEqual(namespaces);
      expect(
        stats.histogram.buckets.reduce((a, b) => a + b.count, 0),
        who,
      ).toBe(sees.length * 2);
    }
  });

  it('the SIEM pull API: pages, formats, cursors and the stream carry only the reader’s events', async () => {
    for (const [who, as, sees] of readers()) {
      for (const format of ['aerie', 'ecs']) {
        const hosts: string[] = [];
        let cursor = '';
        for (let page = 0; page < 50; page++) {
          const res = await call(
            app.url,
            'GET',
            `/api/v1/siem/events?limit=1&format=${format}${cursor && `&cursor=${cursor}`}`,
            as,
          );
          expect(res.status, who).toBe(200);
          const body = res.body as { items: Item[]; next_cursor: string; has_more: boolean };
          hosts.push(
            ...body.items.map((i) =>
              format === 'ecs'
                ? (i as unknown as { host: { name: string } }).host.name
                : i.hostname,
            ),
          );
          cursor = body.next_cursor;
          if (!body.has_more) break;
        }
        expect(hosts.sort(), `${who}, ${format}`).toEqual(hostnames(sees.flatMap((k) => [k, k])));
      }
    }
    // Another team's cursor yields the reader's own events only.
    const bobs = await call(app.url, 'GET', '/api/v1/siem/events?limit=1', bob);
    const cursor = (bobs.body as { next_cursor: string }).next_cursor;
    const mine = await call(app.url, 'GET', `/api/v1/siem/events?cursor=${cursor}`, alice);
    expect((mine.body as { items: Item[] }).items.every((i) => i.namespace === 'payments')).toBe(
      true,
    );
    for (const [as, sees] of [
      [paymentsToken, SEES.payments],
      [noTeamToken, []],
    ] as const) {
      const stream = await openStream(app.url, '/api/v1/siem/stream?heartbeat=1s', as);
      try {
        // The second heartbeat comes after the whole backlog.
        await stream.until((l) => l.filter((x) => 'heartbeat' in x).length >= 2);
        const events = stream.lines.flatMap((l) => ('event' in l ? [l['event'] as Item] : []));
        expect(events.map((e) => e.hostname).sort()).toEqual(
          hostnames((sees as readonly Key[]).flatMap((k) => [k, k])),
        );
      } finally {
        stream.close();
      }
    }
    expect((await call(app.url, 'GET', '/api/v1/siem/audit', paymentsToken)).status).toBe(403);
  });

  it('admins see everything; nobody without a credential sees anything', async () => {
    const all = await allPages('/api/v1/events', app.adminToken);
    expect(all).toHaveLength(Object.keys(EVENTS).length * 2);
    for (const path of [
      '/api/v1/events',
      `/api/v1/events/${ids.payments}`,
      '/api/v1/groups',
      '/api/v1/stats',
    ]) {
      const res = await call(app.url, 'GET', path, undefined);
      expect(res.status, path).toBe(401);
      expect(res.text).not.toMatch(/payments|prod-eu/);
    }
    const ingestOnly = (
      await call(app.url, 'POST', '/api/v1/tokens', app.adminToken, {
        name: 'falco',
        scopes: ['events:ingest'],
      })
    ).body as { token: string };
    expect((await call(app.url, 'GET', '/api/v1/events', ingestOnly.token)).status).toBe(403);
  });

  it('a change of team takes effect on the next request', async () => {
    const teams = (await call(app.url, 'GET', '/api/v1/teams', app.adminToken)).body as {
      items: Array<{ id: string; name: string }>;
    };
    const payments = teams.items.find((t) => t.name === 'payments')!;
    await call(app.url, 'PATCH', `/api/v1/teams/${payments.id}`, app.adminToken, {
      namespaces: ['dev/payments'],
    });
    try {
      for (const as of [alice, paymentsToken]) {
        const items = await allPages('/api/v1/events', as);
        expect(items.every((i) => i.cluster === 'dev' && i.namespace === 'payments')).toBe(true);
        expect(items).toHaveLength(2);
      }
    } finally {
      await call(app.url, 'PATCH', `/api/v1/teams/${payments.id}`, app.adminToken, {
        namespaces: ['*/payments'],
      });
    }
  });
});

describe('each wall alone', () => {
  it("the query layer's condition isolates without row-level security (read as the owner)", async () => {
    for (const [team, sees] of [
      [{ namespaces: ['prod-*/billing-*'], cluster_wide: true }, SEES.billing],
      [{ namespaces: ['*/payments'], cluster_wide: false }, SEES.payments],
      [{ namespaces: ['prod-?u/kube-*'], cluster_wide: false }, ['kubeSystem']],
    ] as const) {
      const p = new SqlParams();
      const where = scopeCondition(scopeOfTeams([team]), p);
      const rows = await app.database.query<{ hostname: string }>(
        `SELECT e.hostname FROM events e WHERE ${where}`,
        p.values,
      );
      expect(rows.map((r) => r.hostname).sort()).toEqual(
        hostnames((sees as readonly Key[]).flatMap((k) => [k, k])),
      );
    }
  });

  it('row-level security hides rows outside the scope from a query that forgets the condition', async () => {
    const handle = app.database;
    {
      expect(handle.tenantRole).toBe(true);
      const scope = scopeOfTeams([{ namespaces: ['prod-*/billing-*'], cluster_wide: true }]);
      const rows = await handle.asTenant(scopePatterns(scope), (q) =>
        q<{ hostname: string }>('SELECT hostname FROM events ORDER BY hostname'),
      );
      expect(rows.map((r) => r.hostname)).toEqual(hostnames(SEES.billing.flatMap((k) => [k, k])));
      const groups = await handle.asTenant(scopePatterns(scope), (q) =>
        q<{ n: number }>('SELECT count(*)::int AS n FROM alert_groups'),
      );
      expect(groups[0]!.n).toBe(SEES.billing.length);
      // A group's history is visible exactly when the group is.
      const activity = await handle.query<{ group_id: string; namespace: string }>(
        `SELECT a.group_id, g.namespace FROM group_activity a JOIN alert_groups g ON g.id = a.group_id`,
      );
      expect(new Set(activity.map((a) => a.namespace))).toEqual(
        new Set(SEES.billing.map((k) => EVENTS[k][1])),
      );
      const payments = await handle.query<{ id: string }>(
        `SELECT id FROM alert_groups WHERE namespace = 'payments' LIMIT 1`,
      );
      await handle.query(
        `INSERT INTO group_activity (group_id, at, actor, kind, body) VALUES ($1, now(), 'x', 'comment', 'hidden')`,
        [payments[0]!.id],
      );
      const seen = await handle.asTenant(scopePatterns(scope), (q) =>
        q<{ body: string | null }>('SELECT body FROM group_activity'),
      );
      expect(seen.length).toBe(activity.length);
      expect(seen.map((a) => a.body)).not.toContain('hidden');
      // No scope at all: nothing, not everything.
      const none = await handle.asTenant([], (q) => q('SELECT 1 FROM events'));
      expect(none).toEqual([]);
      expect(await handle.asTenant([], (q) => q('SELECT 1 FROM group_activity'))).toEqual([]);
      // And the tenant role cannot write.
      await expect(
        handle.asTenant(scopePatterns(scope), (q) => q('DELETE FROM events')),
      ).rejects.toThrow();
    }
  });
});
