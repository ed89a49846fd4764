import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertGroup, GroupActivity } from '@aerie/contracts';
import { AlertGroupSchema, GroupActivityPageSchema } from '@aerie/contracts';
import { falcoEvent } from '../../test-support/falco-events.js';
import { call, signIn, type As, type Session } from '../../test-support/http.js';
import { eventually } from '../../test-support/receiver.js';
import { startTestApp, type TestApp } from '../../test-support/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-database.js';
import { Bus } from '../bus/bus.js';

/**
 * Triage end to end: status and assignee, comments and history, bulk changes, reopening by a new
 * event, who may do it, team isolation, the audit trail and the live bus — over HTTP, on the
 * real database (PGlite, or Postgres with DATABASE_URL).
 */

const PASSWORD = 'correct horse battery staple';
let target: TestDatabase;
let app: TestApp;
let alice: Session; // analyst, payments
let bob: Session; // analyst, billing
let vic: Session; // viewer, payments
let readToken: string;
/** Bus messages seen, each a list of groups. */
const published: AlertGroup[][] = [];

/** One event of a group: a rule in a namespace (cluster prod-eu). */
function event(rule: string, namespace: string, priority = 'Warning') {
  return falcoEvent({
    rule,
    priority,
    output_fields: { 'k8s.cluster.name': 'prod-eu', 'k8s.ns.name': namespace, 'proc.name': 'sh' },
  });
}

/** Stores one event; returns its group's id. */
async function groupOf(rule: string, namespace: string, priority?: string): Promise<string> {
  const res = await call(app.url, 'POST', '/', undefined, event(rule, namespace, priority));
  expect(res.status).toBe(200);
  const stored = await call(
    app.url,
    'GET',
    `/api/v1/events/${(res.body as { id: string }).id}`,
    app.adminToken,
  );
  return (stored.body as { group_id: string }).group_id;
}

async function group(id: string, as: As = app.adminToken): Promise<AlertGroup> {
  const res = await call(app.url, 'GET', `/api/v1/groups/${id}`, as);
  expect(res.status, res.text).toBe(200);
  return AlertGroupSchema.parse(res.body);
}

async function history(id: string, as: As = app.adminToken): Promise<GroupActivity[]> {
  const items: GroupActivity[] = [];
  let cursor: string | null = null;
  do {
    const res = await call(
      app.url,
      'GET',
      `/api/v1/groups/${id}/activity?limit=1${cursor ? `&cursor=${cursor}` : ''}`,
      as,
    );
    expect(res.status, res.text).toBe(200);
    const page = GroupActivityPageSchema.parse(res.body);
    items.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor !== null);
  return items;
}

async function auditOf(action: string): Promise<Array<Record<string, unknown>>> {
  const res = await call(app.url, 'GET', '/api/v1/audit?limit=1000', app.adminToken);
  return (res.body as { items: Array<Record<string, unknown>> }).items.filter(
    (e) => e['action'] === action,
  );
}

beforeAll(async () => {
  target = await createTestDatabase();
  app = await startTestApp(target);
  app.get(Bus).on('groups', (m) => published.push(m.groups));
  const admin = app.adminToken;
  for (const team of [
    { name: 'payments', namespaces: ['*/payments'] },
    { name: 'billing', namespaces: ['*/billing'] },
  ]) {
    expect((await call(app.url, 'POST', '/api/v1/teams', admin, team)).status).toBe(201);
  }
  for (const [username, role, team] of [
    ['alice', 'analyst', 'payments'],
    ['bob', 'analyst', 'billing'],
    ['vic', 'viewer', 'payments'],
    ['carol', 'analyst', 'payments'],
  ] as const) {
    const res = await call(app.url, 'POST', '/api/v1/users', admin, {
      username,
      password: PASSWORD,
      role,
      teams: [team],
    });
    expect(res.status).toBe(201);
    if (username === 'carol') {
      const id = (res.body as { id: string }).id;
      await call(app.url, 'PATCH', `/api/v1/users/${id}`, admin, { disabled: true });
    }
  }
  alice = await signIn(app.url, 'alice', PASSWORD);
  bob = await signIn(app.url, 'bob', PASSWORD);
  vic = await signIn(app.url, 'vic', PASSWORD);
  readToken = (
    (
      await call(app.url, 'POST', '/api/v1/tokens', admin, {
        name: 'siem',
        scopes: ['siem:read'],
        teams: ['payments'],
      })
    ).body as { token: string }
  ).token;
});
afterAll(async () => {
  await app?.close();
  await target?.drop();
});

describe('a group’s triage state', () => {
  it('is in the groups list, counted from alert_groups and from the events alike', async () => {
    const id = await groupOf('Listed rule', 'payments');
    for (const as of [app.adminToken, alice, readToken]) {
      for (const query of ['', '&since=2026-01-01T00:00:00Z']) {
        const res = await call(app.url, 'GET', `/api/v1/groups?limit=1000${query}`, as);
        expect(res.status).toBe(200);
        const found = (res.body as { items: AlertGroup[] }).items.find((g) => g.id === id);
        expect(AlertGroupSchema.parse(found)).toMatchObject({
          status: 'new',
          assignee: null,
          status_changed_at: null,
          comment_count: 0,
        });
      }
    }
    expect(await group(id, alice)).toMatchObject({ id, status: 'new', count: 1 });
  });

  it('moves new → acknowledged → resolved → false positive, recorded with who and when', async () => {
    const id = await groupOf('Transitions', 'payments');
    const before = Date.now();
    for (const status of ['acknowledged', 'resolved', 'false_positive', 'new'] as const) {
      const res = await call(app.url, 'PATCH', `/api/v1/groups/${id}`, alice, { status });
      expect(res.status, res.text).toBe(200);
      expect(res.body).toMatchObject({ id, status });
    }
    const now = await group(id);
    expect(Date.parse(now.status_changed_at!)).toBeGreaterThanOrEqual(before - 1000);
    // Setting what is already there changes nothing and records nothing.
    await call(app.url, 'PATCH', `/api/v1/groups/${id}`, alice, { status: 'new' });
    expect(
      (await history(id)).map((a) => [a.kind, a.actor, a.from, a.to]),
      'one line per change, oldest first',
    ).toEqual([
      ['status', 'alice', 'new', 'acknowledged'],
      ['status', 'alice', 'acknowledged', 'resolved'],
      ['status', 'alice', 'resolved', 'false_positive'],
      ['status', 'alice', 'false_positive', 'new'],
    ]);
    const audited = (await auditOf('group.status')).filter((e) => e['target'] === `group:${id}`);
    expect(audited).toHaveLength(4);
    expect(audited[0]).toMatchObject({
      actor: 'user:alice',
      before: { status: 'false_positive' },
      after: { status: 'new' },
    });
  });

  it('takes an enabled user as assignee, and names the field otherwise', async () => {
    const id = await groupOf('Assigned', 'payments');
    for (const [assignee, message] of [
      ['nobody', '"nobody" is not an enabled user'],
      ['carol', '"carol" is not an enabled user'],
      ['', 'must be a username, or null to unassign'],
    ] as const) {
      const res = await call(app.url, 'PATCH', `/api/v1/groups/${id}`, alice, { assignee });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        error: 'invalid_group',
        issues: [{ field: 'assignee', message }],
      });
    }
    for (const [body, field] of [
      [{}, 'status'],
      [{ status: 'closed' }, 'status'],
      [{ status: 'resolved', owner: 'x' }, '(body)'],
    ] as const) {
      const res = await call(app.url, 'PATCH', `/api/v1/groups/${id}`, alice, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((res.body as { issues: Array<{ field: string }> }).issues[0]!.field).toBe(field);
    }
    const set = await call(app.url, 'PATCH', `/api/v1/groups/${id}`, alice, {
      assignee: 'bob',
      status: 'acknowledged',
    });
    expect(set.body).toMatchObject({ assignee: 'bob', status: 'acknowledged' });
    const unset = await call(app.url, 'PATCH', `/api/v1/groups/${id}`, alice, { assignee: null });
    expect(unset.body).toMatchObject({ assignee: null, status: 'acknowledged' });
    expect((await history(id)).map((a) => [a.kind, a.from, a.to])).toEqual([
      ['status', 'new', 'acknowledged'],
      ['assignee', null, 'bob'],
      ['assignee', 'bob', null],
    ]);
    const assigns = (await auditOf('group.assign')).filter((e) => e['target'] === `group:${id}`);
    expect(assigns.map((e) => e['after'])).toEqual([{ assignee: null }, { assignee: 'bob' }]);
    // The list filters by assignee (`none`: nobody) and by status.
    await call(app.url, 'PATCH', `/api/v1/groups/${id}`, alice, { assignee: 'alice' });
    const mine = await call(app.url, 'GET', '/api/v1/groups?assignee=alice', alice);
    expect((mine.body as { items: AlertGroup[] }).items.map((g) => g.id)).toEqual([id]);
    const open = await call(
      app.url,
      'GET',
      '/api/v1/groups?status=new,acknowledged&assignee=none&limit=1000',
      alice,
    );
    const openIds = (open.body as { items: AlertGroup[] }).items.map((g) => g.id);
    expect(openIds).not.toContain(id);
    expect(openIds.length).toBeGreaterThan(0);
    const bad = await call(app.url, 'GET', '/api/v1/groups?status=open', alice);
    expect(bad.body).toMatchObject({ issues: [{ field: 'status' }] });
  });

  it('keeps comments with the history, and counts them', async () => {
    const id = await groupOf('Commented', 'payments');
    const first = await call(app.url, 'POST', `/api/v1/groups/${id}/comments`, alice, {
      body: '  Looking into it — the pod runs a debug shell. ',
    });
    expect(first.status, first.text).toBe(201);
    expect(first.body).toMatchObject({
      kind: 'comment',
      actor: 'alice',
      body: 'Looking into it — the pod runs a debug shell.',
    });
    await call(app.url, 'PATCH', `/api/v1/groups/${id}`, alice, { status: 'resolved' });
    await call(app.url, 'POST', `/api/v1/groups/${id}/comments`, app.adminToken, {
      body: 'Confirmed with the owners: 日本語 too.',
    });
    for (const [body, message] of [
      ['   ', 'must not be empty'],
      ['x'.repeat(10_001), 'must be at most 10000 characters'],
      ['a\u0000b', 'must not contain U+0000 (NUL)'],
    ]) {
      const res = await call(app.url, 'POST', `/api/v1/groups/${id}/comments`, alice, { body });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ issues: [{ field: 'body', message }] });
    }
    expect((await group(id)).comment_count).toBe(2);
    expect((await history(id, vic)).map((a) => [a.kind, a.actor, a.body ?? a.to])).toEqual([
      ['comment', 'alice', 'Looking into it — the pod runs a debug shell.'],
      ['status', 'alice', 'resolved'],
      ['comment', 'token:test admin', 'Confirmed with the owners: 日本語 too.'],
    ]);
    expect((await auditOf('group.comment')).some((e) => e['target'] === `group:${id}`)).toBe(true);
    const bad = await call(app.url, 'GET', `/api/v1/groups/${id}/activity?cursor=xyz`, alice);
    expect(bad.body).toMatchObject({ issues: [{ field: 'cursor' }] });
  });
});

describe('bulk changes', () => {
  it('by ids: only the groups the caller may see, counting those that changed', async () => {
    const mine = [await groupOf('Bulk 1', 'payments'), await groupOf('Bulk 2', 'payments')];
    const theirs = await groupOf('Bulk 3', 'billing');
    await call(app.url, 'PATCH', `/api/v1/groups/${mine[1]}`, alice, { status: 'acknowledged' });
    const res = await call(app.url, 'POST', '/api/v1/groups/bulk', alice, {
      ids: [...mine, theirs, crypto.randomUUID()],
      status: 'acknowledged',
      assignee: 'alice',
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ updated: 2 });
    expect((await group(mine[0]!)).status).toBe('acknowledged');
    expect(await group(mine[1]!)).toMatchObject({ status: 'acknowledged', assignee: 'alice' });
    expect(await group(theirs)).toMatchObject({ status: 'new', assignee: null });
    const [entry] = await auditOf('group.bulk');
    expect(entry).toMatchObject({
      actor: 'user:alice',
      target: 'groups',
      after: { status: 'acknowledged', assignee: 'alice', updated: 2 },
    });
  });

  it('by filter: everything it selects within the caller’s scope', async () => {
    const a = await groupOf('Filter A', 'payments', 'Critical');
    const b = await groupOf('Filter B', 'payments', 'Critical');
    const c = await groupOf('Filter C', 'billing', 'Critical');
    const res = await call(app.url, 'POST', '/api/v1/groups/bulk', alice, {
      filter: { rule: ['Filter A', 'Filter B', 'Filter C'], priority: 'critical', status: 'new' },
      status: 'false_positive',
    });
    expect(res.body).toEqual({ updated: 2 });
    expect((await group(a)).status).toBe('false_positive');
    expect((await group(b)).status).toBe('false_positive');
    expect((await group(c)).status).toBe('new');
    // As an admin the same filter reaches billing too (text search: the events path).
    const all = await call(app.url, 'POST', '/api/v1/groups/bulk', app.adminToken, {
      filter: { q: 'Filter', status: 'new,false_positive' },
      assignee: 'bob',
    });
    expect((all.body as { updated: number }).updated).toBeGreaterThanOrEqual(3);
    expect((await group(c)).assignee).toBe('bob');
  });

  it('refuses bodies it cannot apply, naming the field', async () => {
    const id = await groupOf('Bulk refused', 'payments');
    for (const [body, field] of [
      [{ status: 'resolved' }, 'ids'],
      [{ ids: [id], filter: {}, status: 'resolved' }, 'ids'],
      [{ ids: [id] }, 'status'],
      [{ ids: ['not-a-uuid'], status: 'resolved' }, 'ids[0]'],
      [{ ids: Array.from({ length: 1001 }, () => id), status: 'resolved' }, 'ids'],
      [{ filter: { colour: 'red' }, status: 'resolved' }, 'filter.colour'],
      [{ filter: { status: 'open' }, status: 'resolved' }, 'filter.status'],
      [{ ids: [id], assignee: 'nobody' }, 'assignee'],
    ] as const) {
      const res = await call(app.url, 'POST', '/api/v1/groups/bulk', alice, body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect((res.body as { issues: Array<{ field: string }> }).issues[0]!.field).toBe(field);
    }
    expect((await group(id)).status).toBe('new');
  });
});

describe('reopening', () => {
  it('a resolved group that gets a new event reopens; a false positive stays one', async () => {
    const resolved = await groupOf('Reopens', 'payments');
    const dismissed = await groupOf('Stays dismissed', 'payments');
    await call(app.url, 'PATCH', `/api/v1/groups/${resolved}`, alice, {
      status: 'resolved',
      assignee: 'alice',
    });
    await call(app.url, 'PATCH', `/api/v1/groups/${dismissed}`, alice, {
      status: 'false_positive',
    });
    const seen = published.length;
    // Both in one batch request: one statement reopens one and leaves the other.
    const res = await call(app.url, 'POST', '/api/v1/events', undefined, [
      event('Reopens', 'payments'),
      event('Stays dismissed', 'payments'),
    ]);
    expect(res.status).toBe(200);
    const now = await group(resolved);
    expect(now).toMatchObject({ status: 'new', count: 2, assignee: 'alice' });
    expect(await group(dismissed)).toMatchObject({ status: 'false_positive', count: 2 });
    expect((await history(resolved)).at(-1)).toMatchObject({
      kind: 'reopened',
      actor: null,
      from: 'resolved',
      to: 'new',
    });
    expect((await history(dismissed)).map((a) => a.kind)).toEqual(['status']);
    await eventually(
      () => published.slice(seen).some((m) => m.some((g) => g.id === resolved)),
      'the reopened group on the bus',
    );
    const message = published.slice(seen).find((m) => m.some((g) => g.id === resolved))!;
    expect(message.find((g) => g.id === resolved)).toEqual(now);
    expect(
      published
        .slice(seen)
        .flat()
        .some((g) => g.id === dismissed),
    ).toBe(false);
    // Another event now changes nothing more: the group is already open.
    await call(app.url, 'POST', '/', undefined, event('Reopens', 'payments'));
    expect((await history(resolved)).filter((a) => a.kind === 'reopened')).toHaveLength(1);
  });
});

describe('who may triage', () => {
  it('analysts, admins and admin tokens; viewers and read tokens get 403, strangers 401', async () => {
    const id = await groupOf('Permissions', 'payments');
    const writes = [
      ['PATCH', `/api/v1/groups/${id}`, { status: 'acknowledged' }],
      ['POST', `/api/v1/groups/${id}/comments`, { body: 'hello' }],
      ['POST', '/api/v1/groups/bulk', { ids: [id], status: 'acknowledged' }],
    ] as const;
    for (const [method, path, body] of writes) {
      for (const as of [vic, readToken]) {
        const res = await call(app.url, method, path, as, body);
        expect(res.status, `${method} ${path}`).toBe(403);
        expect(res.body).toMatchObject({ error: 'forbidden' });
      }
      expect((await call(app.url, method, path, undefined, body)).status).toBe(401);
    }
    expect((await group(id)).status).toBe('new');
    // Viewers and read tokens still read the group and its history.
    expect((await group(id, vic)).id).toBe(id);
    expect(await history(id, readToken)).toEqual([]);
    const byToken = await call(app.url, 'PATCH', `/api/v1/groups/${id}`, app.adminToken, {
      status: 'acknowledged',
    });
    expect(byToken.body).toMatchObject({ status: 'acknowledged' });
    expect((await history(id)).at(-1)?.actor).toBe('token:test admin');
    // A session needs its CSRF token to change anything.
    const noCsrf = await call(
      app.url,
      'PATCH',
      `/api/v1/groups/${id}`,
      {
        cookie: alice.cookie,
        csrf: 'wrong',
      },
      { status: 'resolved' },
    );
    expect(noCsrf.status).toBe(403);
  });

  it('a team’s analyst cannot read, change or comment another team’s group: 404 as if absent', async () => {
    const theirs = await groupOf('Billing only', 'billing');
    const unknown = crypto.randomUUID();
    for (const [method, path, body] of [
      ['GET', '/api/v1/groups/<id>', undefined],
      ['GET', '/api/v1/groups/<id>/activity', undefined],
      ['PATCH', '/api/v1/groups/<id>', { status: 'resolved' }],
      ['POST', '/api/v1/groups/<id>/comments', { body: 'mine now' }],
    ] as const) {
      const a = await call(app.url, method, path.replace('<id>', theirs), alice, body);
      const b = await call(app.url, method, path.replace('<id>', unknown), alice, body);
      expect(a.status, `${method} ${path}`).toBe(404);
      expect(a.text.replace(theirs, '<id>')).toBe(b.text.replace(unknown, '<id>'));
    }
    expect(await group(theirs, bob)).toMatchObject({ status: 'new', comment_count: 0 });
    expect(await history(theirs, bob)).toEqual([]);
    // Bob's own team's group is his to change.
    const res = await call(app.url, 'PATCH', `/api/v1/groups/${theirs}`, bob, {
      status: 'resolved',
    });
    expect(res.status).toBe(200);
  });
});

describe('assignees', () => {
  it('lists enabled analysts and admins: a team member sees their team’s and the admins', async () => {
    const everyone = await call(app.url, 'GET', '/api/v1/assignees', app.adminToken);
    expect(everyone.status, everyone.text).toBe(200);
    // carol is disabled, vic a viewer.
    expect(everyone.body).toEqual({ items: ['admin', 'alice', 'bob'] });
    expect((await call(app.url, 'GET', '/api/v1/assignees', alice)).body).toEqual({
      items: ['admin', 'alice'],
    });
    expect((await call(app.url, 'GET', '/api/v1/assignees', bob)).body).toEqual({
      items: ['admin', 'bob'],
    });
    expect((await call(app.url, 'GET', '/api/v1/assignees', vic)).status).toBe(403);
    expect((await call(app.url, 'GET', '/api/v1/assignees', readToken)).status).toBe(403);
    expect((await call(app.url, 'GET', '/api/v1/assignees', undefined)).status).toBe(401);
  });
});

describe('the live bus', () => {
  it('carries each changed group after commit, as the API shows it', async () => {
    const id = await groupOf('On the bus', 'payments');
    const seen = published.length;
    const res = await call(app.url, 'PATCH', `/api/v1/groups/${id}`, alice, {
      status: 'acknowledged',
    });
    expect(published.slice(seen)).toEqual([[res.body]]);
    await call(app.url, 'POST', `/api/v1/groups/${id}/comments`, alice, { body: 'noted' });
    expect(published.at(-1)).toEqual([await group(id)]);
    // Nothing changed: nothing published.
    const quiet = published.length;
    await call(app.url, 'PATCH', `/api/v1/groups/${id}`, alice, { status: 'acknowledged' });
    await call(app.url, 'POST', '/api/v1/groups/bulk', alice, {
      ids: [id],
      status: 'acknowledged',
    });
    expect(published.length).toBe(quiet);
  });
});
