import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LIVE_CLOSE_SIGNED_OUT,
  LIVE_OUTPUT_MAX,
  type AlertGroup,
  type LiveEvent,
} from '@aerie/contracts';
import { falcoEvent } from '../../test-support/falco-events.js';
import { call, signIn, type Session } from '../../test-support/http.js';
import { openLive, refusal, type LiveSocket } from '../../test-support/live-socket.js';
import { eventually, startReceiver } from '../../test-support/receiver.js';
import { startTestApp, type TestApp } from '../../test-support/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-database.js';
import { Bus } from '../bus/bus.js';
import { LiveHub } from './live-hub.js';

/**
 * The live stream end to end: real WebSocket clients against the real app and database —
 * authentication at the upgrade, subscriptions, tenant isolation, coalescing, flow control,
 * catch-up from the REST API, and bad clients.
 */

const PASSWORD = 'correct horse battery staple';
const PUBLIC_URL = 'https://aerie.example.com';
/** The rule the test webhook output takes. */
const DELIVERED = 'Delivered rule';

let target: TestDatabase;
let app: TestApp;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let admin: string;
let alice: Session; // viewer, team a (prod/team-a)
let bob: Session; // viewer, team b (prod/team-b)
let readToken: string; // events:read, team a
const teamIds: Record<string, string> = {};
const userIds: Record<string, string> = {};
const sockets: LiveSocket[] = [];

async function live(...args: Parameters<typeof openLive>): Promise<LiveSocket> {
  const socket = await openLive(...args);
  sockets.push(socket);
  return socket;
}

/** Opens a socket and subscribes; resolves with the `subscribed` cursor. */
async function subscribed(
  as: Parameters<typeof openLive>[1],
  events: Record<string, string | string[]> | null = {},
): Promise<{ socket: LiveSocket; cursor: string }> {
  const socket = await live(app.url, as);
  socket.send({ type: 'subscribe', events });
  const { cursor } = await socket.next('subscribed');
  return { socket, cursor };
}

/** POSTs Falco events (one batch) and returns their ids in order. */
async function ingest(events: Array<Record<string, unknown>>): Promise<string[]> {
  const res = await call(app.url, 'POST', '/api/v1/events', undefined, events);
  expect(res.status, res.text).toBe(200);
  return (res.body as { ids: string[] }).ids;
}

let serial = 0;
/** A Falco event in `namespace` of cluster prod (or on the host when null), unique output. */
function event(namespace: string | null, overrides: Record<string, unknown> = {}) {
  serial++;
  return falcoEvent({
    output: `event ${serial} in ${namespace ?? 'the host'}`,
    output_fields: {
      'proc.name': 'cat',
      'k8s.cluster.name': 'prod',
      ...(namespace ? { 'k8s.ns.name': namespace } : {}),
    },
    ...overrides,
  });
}

/** Every event item received so far on `socket`. */
function received(socket: LiveSocket): LiveEvent[] {
  return socket.messages.flatMap((m) => (m.type === 'events' ? m.items : []));
}

async function createUser(username: string, team: string): Promise<Session> {
  const res = await call(app.url, 'POST', '/api/v1/users', admin, {
    username,
    password: PASSWORD,
    role: 'viewer',
    teams: [team],
  });
  expect(res.status, res.text).toBe(201);
  userIds[username] = (res.body as { id: string }).id;
  return signIn(app.url, username, PASSWORD);
}

beforeAll(async () => {
  target = await createTestDatabase();
  receiver = await startReceiver();
  app = await startTestApp(
    target,
    {},
    {
      basePath: '/aerie',
      publicUrl: PUBLIC_URL,
      // Only the isolation test's events are delivered: no backlog ahead of them.
      outputs: [
        {
          name: 'hook',
          type: 'webhook',
          config: { url: receiver.url },
          route: { rules: [DELIVERED] },
        },
      ],
      delivery: { pollMs: 20 },
    },
  );
  admin = app.adminToken;
  for (const name of ['a', 'b']) {
    const res = await call(app.url, 'POST', '/api/v1/teams', admin, {
      name,
      namespaces: [`prod/team-${name}`],
    });
    expect(res.status, res.text).toBe(201);
    teamIds[name] = (res.body as { id: string }).id;
  }
  alice = await createUser('alice', 'a');
  bob = await createUser('bob', 'b');
  const token = await call(app.url, 'POST', '/api/v1/tokens', admin, {
    name: 'reader',
    scopes: ['events:read'],
    teams: ['a'],
  });
  expect(token.status, token.text).toBe(201);
  readToken = (token.body as { token: string }).token;
});

afterAll(async () => {
  for (const s of sockets) s.ws.terminate();
  await app?.close();
  await receiver?.close();
  await target?.drop();
});

describe('the upgrade', () => {
  it('is refused with 401 without a valid credential', async () => {
    expect(await refusal(app.url, {})).toMatchObject({ status: 401 });
    expect(await refusal(app.url, { token: 'aerie_nope' })).toMatchObject({ status: 401 });
    expect(await refusal(app.url, { cookie: 'aerie_session=forged' })).toMatchObject({
      status: 401,
    });
  });

  it('is refused with 403 for a token that may not read events', async () => {
    const res = await call(app.url, 'POST', '/api/v1/tokens', admin, {
      name: 'falco',
      scopes: ['events:ingest'],
    });
    const token = (res.body as { token: string }).token;
    expect(await refusal(app.url, { token })).toMatchObject({ status: 403 });
  });

  it('takes the session cookie from this site only (no cross-site hijacking)', async () => {
    const host = new URL(app.url).host;
    expect(
      await refusal(app.url, { cookie: alice.cookie, origin: 'https://evil.example' }),
    ).toMatchObject({ status: 403 });
    expect(await refusal(app.url, { cookie: alice.cookie, origin: 'null' })).toMatchObject({
      status: 403,
    });
    for (const origin of [`http://${host}`, PUBLIC_URL, undefined]) {
      const { socket } = await subscribed({ cookie: alice.cookie, ...(origin ? { origin } : {}) });
      await socket.close();
    }
    // A token is no ambient credential: any page that holds one may use it.
    const { socket } = await subscribed({ token: readToken, origin: 'https://evil.example' });
    await socket.close();
  });

  it('is served under the base path too', async () => {
    const { socket } = await subscribed({ token: readToken, path: '/aerie/api/v1/live' });
    await socket.close();
  });
});

describe('events', () => {
  it('arrive after they are stored, as the contract says, output cut short', async () => {
    const { socket } = await subscribed({ cookie: alice.cookie });
    const long = 'x'.repeat(LIVE_OUTPUT_MAX + 100);
    const ids = await ingest([event('team-a', { output: long }), event('team-a')]);
    await eventually(() => received(socket).length >= 2, 'two events');
    const items = received(socket);
    expect(items.map((e) => e.id)).toEqual(ids);
    expect(items[0]!.output).toBe('x'.repeat(LIVE_OUTPUT_MAX));
    expect(items[0]).toMatchObject({ namespace: 'team-a', cluster: 'prod', priority: 'Warning' });
    // The same row the REST API serves, minus what the drawer fetches.
    const rest = await call(app.url, 'GET', `/api/v1/events/${ids[1]}`, admin);
    const {
      output_fields: _f,
      container_image: _c,
      fingerprint: _p,
      raw: _r,
      ...row
    } = rest.body as Record<string, unknown>;
    expect(items[1]).toEqual(row);
  });

  it('follow the subscription filter (priority, namespace, full text)', async () => {
    const critical = await subscribed(
      { token: admin },
      { priority: 'critical', namespace: 'team-a' },
    );
    const search = await subscribed({ token: admin }, { q: 'shadow' });
    const ids = await ingest([
      event('team-a', { priority: 'Warning' }),
      event('team-a', { priority: 'Critical' }),
      event('team-b', { priority: 'Critical' }),
      event('team-b', { priority: 'Notice', output: 'opened /etc/shadow' }),
    ]);
    await critical.socket.next('events');
    await search.socket.next('events');
    expect(received(critical.socket).map((e) => e.id)).toEqual([ids[1]]);
    expect(received(search.socket).map((e) => e.id)).toEqual([ids[3]]);
  });

  it('stop with a null subscription', async () => {
    const { socket } = await subscribed({ token: admin }, null);
    const watcher = await subscribed({ token: admin });
    await ingest([event('team-a')]);
    await watcher.socket.next('events');
    await new Promise((r) => setTimeout(r, 300));
    expect(received(socket)).toEqual([]);
  });

  it('are coalesced: many events, few messages, in order, none twice', async () => {
    const { socket } = await subscribed({ token: admin });
    const ids = [
      ...(await ingest(Array.from({ length: 300 }, () => event('team-a')))),
      ...(
        await Promise.all(
          Array.from({ length: 10 }, () =>
            ingest(Array.from({ length: 20 }, () => event('team-b'))),
          ),
        )
      ).flat(),
    ];
    await eventually(() => received(socket).length >= ids.length, 'every event', 30_000);
    const items = received(socket);
    expect(new Set(items.map((e) => e.id))).toEqual(new Set(ids));
    expect(items).toHaveLength(ids.length);
    const seqs = items.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(socket.messages.filter((m) => m.type === 'events').length).toBeLessThanOrEqual(12);
  });
});

describe('tenant isolation', () => {
  it("team A's client never gets team B's events, groups or deliveries", async () => {
    const a = await subscribed({ cookie: alice.cookie });
    const b = await subscribed({ cookie: bob.cookie });
    const aToken = await subscribed({ token: readToken });
    const rule = { rule: DELIVERED };
    const ids = await ingest([
      event('team-a', rule),
      event('team-b', rule),
      event(null, rule),
      event('team-a', rule),
    ]);
    const [inA1, inB, onHost, inA2] = ids as [string, string, string, string];
    await eventually(
      () => received(a.socket).length >= 2 && received(b.socket).length >= 1,
      'events',
    );
    await eventually(() => received(aToken.socket).length >= 2, 'token events');
    expect(received(a.socket).map((e) => e.id)).toEqual([inA1, inA2]);
    expect(received(aToken.socket).map((e) => e.id)).toEqual([inA1, inA2]);
    expect(received(b.socket).map((e) => e.id)).toEqual([inB]);

    // Deliveries: the webhook output takes these events; each reader hears of its own only.
    const deliveredTo = (s: LiveSocket) =>
      new Set(s.messages.flatMap((m) => (m.type === 'delivery' ? [m.delivery.event_id] : [])));
    await eventually(
      () =>
        [inA1, inA2].every((id) => deliveredTo(a.socket).has(id)) && deliveredTo(b.socket).has(inB),
      'delivery messages',
      20_000,
    );

    // Groups: as the triage endpoints publish them after a change.
    const groups = (await call(app.url, 'GET', '/api/v1/groups?limit=1000', admin)).body as {
      items: AlertGroup[];
    };
    app.get(Bus).emit('groups', { groups: groups.items });
    await a.socket.next('group');
    await b.socket.next('group');
    await new Promise((r) => setTimeout(r, 300));
    for (const [socket, own] of [
      [a.socket, 'team-a'],
      [aToken.socket, 'team-a'],
      [b.socket, 'team-b'],
    ] as const) {
      const seen = socket.messages.flatMap((m) => {
        if (m.type === 'events') return m.items.map((e) => e.namespace);
        if (m.type === 'group') return [m.group.namespace];
        return [];
      });
      expect(new Set(seen)).toEqual(new Set([own]));
      // Every delivery it heard of is of an event of its own namespace.
      for (const id of deliveredTo(socket)) {
        const stored = await call(app.url, 'GET', `/api/v1/events/${id}`, admin);
        expect((stored.body as LiveEvent).namespace).toBe(own);
      }
      expect(deliveredTo(socket).has(onHost)).toBe(false);
    }
  });
});

describe('catching up', () => {
  it('from the last cursor after a reconnect misses nothing and repeats nothing', async () => {
    const filter = { namespace: 'team-a', min_priority: 'warning' };
    const first = await subscribed({ token: admin }, filter);
    // What the REST API returns from the `subscribed` cursor is what the stream then sends.
    const before = await ingest([event('team-a'), event('team-b'), event('team-a')]);
    const msg = await first.socket.next('events');
    expect(msg.items.map((e) => e.id)).toEqual([before[0], before[2]]);
    const fromStart = await call(
      app.url,
      'GET',
      `/api/v1/events?sort=seq&order=asc&namespace=team-a&min_priority=warning&cursor=${first.cursor}`,
      admin,
    );
    expect((fromStart.body as { items: LiveEvent[] }).items.map((e) => e.id)).toEqual([
      before[0],
      before[2],
    ]);
    await first.socket.close();

    // Disconnected: these are only in the database.
    const missed = await ingest([
      event('team-a'),
      event('team-a', { priority: 'Debug' }),
      event('team-b'),
      event('team-a', { priority: 'Critical' }),
    ]);
    const second = await subscribed({ token: admin }, filter);
    const after = await ingest([event('team-a')]);
    await second.socket.next('events');

    const page = await call(
      app.url,
      'GET',
      `/api/v1/events?sort=seq&order=asc&namespace=team-a&min_priority=warning&cursor=${msg.cursor}`,
      admin,
    );
    const { items, next_cursor } = page.body as { items: LiveEvent[]; next_cursor: null };
    expect(next_cursor).toBeNull();
    // Everything after the last message seen: the missed ones, then what the new socket sent.
    expect(items.map((e) => e.id)).toEqual([missed[0], missed[3], after[0]]);
    // The new subscription starts exactly where the missed ones end.
    const sinceSubscribed = await call(
      app.url,
      'GET',
      `/api/v1/events?sort=seq&order=asc&namespace=team-a&min_priority=warning&cursor=${second.cursor}`,
      admin,
    );
    expect((sinceSubscribed.body as { items: LiveEvent[] }).items.map((e) => e.id)).toEqual(
      received(second.socket).map((e) => e.id),
    );
  });
});

describe('flow control', () => {
  it('a client whose queue overflows gets resync, and the stream goes on', async () => {
    const hub = app.get(LiveHub);
    const { socket } = await subscribed({ token: admin });
    hub.limits.maxQueued = 50;
    try {
      await ingest(Array.from({ length: 120 }, () => event('team-a')));
      await socket.next('resync');
    } finally {
      hub.limits.maxQueued = 5000;
    }
    const [later] = await ingest([event('team-a')]);
    await eventually(() => received(socket).some((e) => e.id === later), 'the next event');
    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    expect(metrics).toMatch(/aerie_live_resyncs_total\{reason="queue_full"\} [1-9]/);
  });

  it('a slow reader is dropped to resync; ingest and other readers do not wait', async () => {
    const hub = app.get(LiveHub);
    const slow = await subscribed({ token: admin });
    const fast = await subscribed({ token: admin });
    hub.limits.maxBufferedBytes = 64 * 1024;
    slow.socket.ws.pause();
    const tags = Array.from({ length: 100 }, (_, i) => `tag-${i}-${'t'.repeat(50)}`);
    const ids: string[] = [];
    try {
      for (let i = 0; i < 20; i++) {
        const started = Date.now();
        ids.push(...(await ingest(Array.from({ length: 100 }, () => event('team-a', { tags })))));
        expect(Date.now() - started).toBeLessThan(10_000);
      }
      await eventually(() => received(fast.socket).length >= ids.length, 'the fast reader', 30_000);
      slow.socket.ws.resume();
      await slow.socket.next('resync', undefined, 20_000);
    } finally {
      hub.limits.maxBufferedBytes = 4 * 1024 * 1024;
      slow.socket.ws.resume();
    }
    expect(received(slow.socket).length).toBeLessThan(ids.length);
    expect(fast.socket.messages.some((m) => m.type === 'resync')).toBe(false);
    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    expect(metrics).toMatch(/aerie_live_resyncs_total\{reason="slow_client"\} [1-9]/);
  });
});

describe('credentials are checked again while connected', () => {
  it("re-scopes a user whose teams change and closes a disabled user's socket", async () => {
    const hub = app.get(LiveHub);
    hub.limits.recheckMs = 150;
    let carol: LiveSocket;
    try {
      carol = (await subscribed({ cookie: (await createUser('carol', 'a')).cookie })).socket;
    } finally {
      hub.limits.recheckMs = 30_000;
    }
    const team = await call(app.url, 'PATCH', `/api/v1/teams/${teamIds['a']}`, admin, {
      namespaces: ['prod/team-a', 'prod/team-c'],
    });
    expect(team.status, team.text).toBe(200);
    await carol.next('resync');
    const [inC] = await ingest([event('team-c')]);
    await eventually(() => received(carol).some((e) => e.id === inC), 'the new namespace');

    const off = await call(app.url, 'PATCH', `/api/v1/users/${userIds['carol']}`, admin, {
      disabled: true,
    });
    expect(off.status, off.text).toBe(200);
    expect(await carol.closed).toMatchObject({ code: LIVE_CLOSE_SIGNED_OUT });
  });
});

describe('bad clients', () => {
  it('get an error naming the field, and the connection and the process go on', async () => {
    const socket = await live(app.url, { token: readToken });
    const errors: Array<[unknown, string]> = [
      ['not json', '(message)'],
      [{ type: 'nope' }, 'type'],
      [{ type: 'subscribe' }, 'events'],
      [{ type: 'subscribe', events: { priority: 'bogus' } }, 'events.priority'],
      [{ type: 'subscribe', events: { sort: 'seq' } }, 'events.sort'],
      [{ type: 'subscribe', events: { 'field[x]': 'y'.repeat(5000) } }, 'events.field.x'],
    ];
    for (const [message, field] of errors) {
      socket.send(message);
      const error = await socket.next('error');
      expect(
        error.issues?.map((i) => i.field),
        JSON.stringify(message),
      ).toContain(field);
    }
    socket.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    expect((await socket.next('error')).issues?.[0]?.field).toBe('(message)');
    socket.send({ type: 'ping' });
    await socket.next('pong');

    // A frame over the limit closes that socket only.
    socket.send('x'.repeat(100 * 1024));
    expect((await socket.closed).code).toBe(1009);
    const again = await subscribed({ token: readToken });
    await again.socket.close();
    expect((await call(app.url, 'GET', '/healthz', undefined)).status).toBe(200);
  });

  it('are counted while connected', async () => {
    const { socket } = await subscribed({ token: readToken });
    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    const open = Number(/^aerie_live_clients (\d+)/m.exec(metrics)?.[1]);
    expect(open).toBe(app.get(LiveHub).size);
    expect(open).toBeGreaterThanOrEqual(1);
    await socket.close();
  });
});
