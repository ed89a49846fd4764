import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-database.js';
import { get, post, startTestApp, type TestApp } from '../../test-support/test-app.js';
import { falcoEvent } from '../../test-support/falco-events.js';

let db: TestDatabase;
let app: TestApp;

interface Item {
  id: string;
  seq: number;
  time: string;
  priority: string;
  rule: string;
  hostname: string;
  namespace: string | null;
  cluster: string | null;
  boundary: string;
  tags: string[];
  output_fields: Record<string, unknown>;
}
interface Page {
  items: Item[];
  next_cursor: string | null;
}

const PRIORITIES = ['Critical', 'Warning', 'Notice', 'Debug'];
const N = 120;

/** Event i: deterministic attributes, so each filter's expected count is computable. */
function seedEvent(i: number) {
  const minute = String(i % 60).padStart(2, '0');
  const hour = String(Math.floor(i / 60)).padStart(2, '0');
  return falcoEvent({
    time: `2026-05-01T${hour}:${minute}:00.${String(i).padStart(9, '0')}Z`,
    rule: i % 3 === 0 ? 'Terminal shell in container' : 'Read sensitive file untrusted',
    priority: PRIORITIES[i % 4],
    hostname: `node-${i % 5}`,
    tags: i % 2 === 0 ? ['container', 'shell'] : ['filesystem'],
    output: `event ${i} opened /etc/shadow-${i % 7} by proc${i}`,
    source: i % 10 === 0 ? 'k8s_audit' : 'syscall',
    output_fields: {
      'proc.name': i % 2 === 0 ? 'bash' : 'cat',
      'proc.pid': i,
      'proc.aname[2]': `parent${i % 3}`,
      'k8s.ns.name': i % 4 === 0 ? 'payments' : 'web',
      'k8s.cluster.name': i % 6 === 0 ? 'prod-eu' : 'prod-us',
    },
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startTestApp(db);
  const res = await post(
    `${app.url}/api/v1/events`,
    Array.from({ length: N }, (_, i) => seedEvent(i)),
  );
  expect(res.status).toBe(200);
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
});

async function page(query: string): Promise<Page> {
  const res = await get(`${app.url}/api/v1/events?${query}`, app.adminToken);
  expect(res.status, res.text).toBe(200);
  return res.body as Page;
}

/** Follows next_cursor to the end; returns every item. */
async function all(query: string): Promise<Item[]> {
  const items: Item[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const p: Page = await page(`${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    items.push(...p.items);
    cursor = p.next_cursor;
    if (cursor === null) return items;
  }
  throw new Error('too many pages');
}

const count = (pred: (i: number) => boolean) =>
  Array.from({ length: N }, (_, i) => i).filter(pred).length;

describe('GET /api/v1/events', () => {
  it('pages newest first through every event exactly once', async () => {
    const items = await all('limit=7');
    expect(items).toHaveLength(N);
    expect(new Set(items.map((i) => i.id)).size).toBe(N);
    const times = items.map((i) => i.time);
    expect(times).toEqual([...times].sort().reverse());
  });

  it('pages oldest first with order=asc', async () => {
    const items = await all('limit=50&order=asc');
    expect(items.map((i) => i.time)).toEqual(items.map((i) => i.time).sort());
    expect(items).toHaveLength(N);
  });

  it('returns Falco field names beside Aerie fields', async () => {
    const [first] = (await page('limit=1')).items;
    expect(Object.keys(first!)).toEqual([
      'id',
      'seq',
      'received_at',
      'time',
      'priority',
      'rule',
      'output',
      'output_fields',
      'source',
      'tags',
      'hostname',
      'cluster',
      'namespace',
      'workload',
      'pod',
      'container_image',
      'boundary',
      'fingerprint',
      'group_id',
    ]);
  });

  it.each([
    ['priority=critical,warning', (i: number) => i % 4 <= 1],
    ['priority=debug&priority=notice', (i: number) => i % 4 >= 2],
    ['min_priority=notice', (i: number) => i % 4 <= 2],
    [`rule=${encodeURIComponent('Terminal shell in container')}`, (i: number) => i % 3 === 0],
    ['source=k8s_audit', (i: number) => i % 10 === 0],
    ['hostname=node-1,node-2', (i: number) => i % 5 === 1 || i % 5 === 2],
    ['cluster=prod-eu', (i: number) => i % 6 === 0],
    ['namespace=payments', (i: number) => i % 4 === 0],
    ['boundary=control-plane', (i: number) => i % 10 === 0],
    ['tags=container,shell', (i: number) => i % 2 === 0],
    ['tags=shell,filesystem&tags_match=any', () => true],
    ['tags=shell,filesystem&tags_match=all', () => false],
    ['since=2026-05-01T01:00:00Z', (i: number) => i >= 60],
    ['until=2026-05-01T00:30:00Z', (i: number) => i < 30],
    ['since=2026-05-01T00:10:00Z&until=2026-05-01T00:20:00Z', (i: number) => i >= 10 && i < 20],
    ['q=shadow-3', (i: number) => i % 7 === 3],
    ['q=proc17', (i: number) => i === 17],
    ['q=%2Fetc%2Fshadow-5', (i: number) => i % 7 === 5],
    ['field[proc.name]=bash', (i: number) => i % 2 === 0],
    ['field[proc.pid]=42', (i: number) => i === 42],
    ['field[proc.aname[2]]=parent1', (i: number) => i % 3 === 1],
    [
      'field[proc.name]=bash&field[k8s.ns.name]=payments&priority=critical',
      (i: number) => i % 4 === 0,
    ],
    [
      'namespace=payments&min_priority=warning&rule=Terminal%20shell%20in%20container',
      (i: number) => i % 12 === 0,
    ],
  ])('filters %s', async (query, pred) => {
    const items = await all(`${query}&limit=1000`);
    expect(items).toHaveLength(count(pred));
  });

  it('takes relative times', async () => {
    expect((await all('since=15m&limit=1000')).length).toBe(0);
    await post(`${app.url}/`, falcoEvent({ time: new Date().toISOString(), rule: 'Recent one' }));
    const recent = await all('since=15m&limit=1000');
    expect(recent.map((i) => i.rule)).toEqual(['Recent one']);
  });

  it('returns one event by id, and 404 for unknown or malformed ids', async () => {
    const [first] = (await page('limit=1&order=asc')).items;
    const one = await get(`${app.url}/api/v1/events/${first!.id}`, app.adminToken);
    expect(one.body).toMatchObject({ id: first!.id, raw: { rule: first!.rule } });
    expect(
      (await get(`${app.url}/api/v1/events/00000000-0000-0000-0000-000000000000`, app.adminToken))
        .status,
    ).toBe(404);
    expect((await get(`${app.url}/api/v1/events/not-a-uuid`, app.adminToken)).status).toBe(404);
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=1001', 'limit'],
    ['priority=loud', 'priority'],
    ['min_priority=x', 'min_priority'],
    ['since=yesterday', 'since'],
    ['order=sideways', 'order'],
    ['boundary=moon', 'boundary'],
    ['tags_match=some', 'tags_match'],
    ['cursor=garbage', 'cursor'],
    [`cursor=${Buffer.from('{"t":"1","k":1,"o":"desc"}').toString('base64url')}`, 'cursor'],
    [
      `cursor=${Buffer.from('{"t":"2026-05-01T00:00:00.000000Z","k":"x","o":"desc"}').toString('base64url')}`,
      'cursor',
    ],
    ['since=999999999w', 'since'],
    ['since=0000-01-01T00:00:00Z', 'since'],
    ['rule=%00', 'rule'],
    ['field[a]=%00', 'field[a]'],
    ['colour=red', 'colour'],
  ])('rejects %s naming %s', async (query, field) => {
    const res = await get(`${app.url}/api/v1/events?${query}`, app.adminToken);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'invalid_query', issues: [{ field }] });
  });

  it('refuses a cursor made for the other order', async () => {
    const { next_cursor } = await page('limit=2');
    const res = await get(
      `${app.url}/api/v1/events?limit=2&order=asc&cursor=${next_cursor}`,
      app.adminToken,
    );
    expect(res.status).toBe(400);
  });
});

describe('GET /api/v1/groups', () => {
  it('counts matching events per fingerprint and pages', async () => {
    const groups: Array<{ count: number; rule: string }> = [];
    let cursor: string | null = null;
    do {
      const res = await get(
        `${app.url}/api/v1/groups?limit=3&until=2026-05-02T00:00:00Z${cursor ? `&cursor=${cursor}` : ''}`,
        app.adminToken,
      );
      expect(res.status, res.text).toBe(200);
      const body = res.body as {
        items: Array<{ count: number; rule: string }>;
        next_cursor: string | null;
      };
      groups.push(...body.items);
      cursor = body.next_cursor;
    } while (cursor !== null);
    expect(groups.reduce((s, g) => s + g.count, 0)).toBe(N);
    const filtered = (
      await get(`${app.url}/api/v1/groups?priority=critical&limit=1000`, app.adminToken)
    ).body as {
      items: Array<{ count: number; priority: string }>;
    };
    expect(filtered.items.reduce((s, g) => s + g.count, 0)).toBe(count((i) => i % 4 === 0));
    expect(filtered.items.every((g) => g.priority === 'Critical')).toBe(true);
  });
});

describe('GET /api/v1/stats', () => {
  it('counts by every dimension under the filters, with a histogram', async () => {
    const res = await get(
      `${app.url}/api/v1/stats?until=2026-05-02T00:00:00Z&since=2026-05-01T00:00:00Z&bucket=1h`,
      app.adminToken,
    );
    expect(res.status, res.text).toBe(200);
    const stats = res.body as {
      total: number;
      by_priority: Array<{ value: string; count: number }>;
      by_source: Array<{ value: string; count: number }>;
      by_tag: Array<{ value: string; count: number }>;
      by_namespace: Array<{ value: string; count: number }>;
      by_boundary: Array<{ value: string; count: number }>;
      histogram: {
        bucket: string;
        buckets: Array<{ start: string; count: number; by_priority: Record<string, number> }>;
      };
    };
    expect(stats.total).toBe(N);
    expect(stats.by_priority).toEqual(PRIORITIES.map((value) => ({ value, count: N / 4 })));
    expect(stats.by_source).toEqual([
      { value: 'syscall', count: count((i) => i % 10 !== 0) },
      { value: 'k8s_audit', count: count((i) => i % 10 === 0) },
    ]);
    expect(stats.by_tag).toContainEqual({ value: 'shell', count: N / 2 });
    expect(stats.by_namespace).toContainEqual({ value: 'payments', count: N / 4 });
    expect(stats.histogram.bucket).toBe('1h');
    // Stacked by priority: each hour holds 15 events of each of the four, most severe first.
    const quarter = Object.fromEntries(PRIORITIES.map((p) => [p, 15]));
    expect(stats.histogram.buckets.slice(0, 3)).toEqual([
      { start: '2026-05-01T00:00:00.000Z', count: 60, by_priority: quarter },
      { start: '2026-05-01T01:00:00.000Z', count: 60, by_priority: quarter },
      { start: '2026-05-01T02:00:00.000Z', count: 0, by_priority: {} },
    ]);
    expect(Object.keys(stats.histogram.buckets[0]!.by_priority)).toEqual(PRIORITIES);
    expect(stats.histogram.buckets).toHaveLength(24);
    const filtered = (
      await get(
        `${app.url}/api/v1/stats?namespace=payments&until=2026-05-02T00:00:00Z`,
        app.adminToken,
      )
    ).body as {
      total: number;
      histogram: {
        bucket: string;
        buckets: Array<{ count: number; by_priority: Record<string, number> }>;
      };
    };
    expect(filtered.total).toBe(N / 4);
    expect(filtered.histogram.bucket).toBe('15m'); // 24 h from the first event: 96 buckets
    // payments is every 4th event: Critical only; the buckets add up to the total.
    const buckets = filtered.histogram.buckets;
    expect(buckets.reduce((s, b) => s + b.count, 0)).toBe(N / 4);
    for (const b of buckets) {
      expect(b.by_priority).toEqual(b.count === 0 ? {} : { Critical: b.count });
    }
  });

  it('rejects a bucket that would give too many buckets', async () => {
    const res = await get(
      `${app.url}/api/v1/stats?since=2020-01-01T00:00:00Z&bucket=1s`,
      app.adminToken,
    );
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ issues: [{ field: 'bucket' }] });
  });
});

// Last: it adds an event, which would change the counts above.
describe('GET /api/v1/events?sort=seq', () => {
  it('with sort=seq, a reader following the cursor never misses an event that arrives late', async () => {
    const first = await page('sort=seq&order=asc&limit=100');
    const cursor = first.next_cursor!;
    // A late event whose own time is older than everything already read.
    const late = await post(
      `${app.url}/`,
      falcoEvent({ time: '2020-01-01T00:00:00Z', rule: 'Late arrival' }),
    );
    expect(late.status).toBe(200);
    const rest = await all(`sort=seq&order=asc&limit=100&cursor=${encodeURIComponent(cursor)}`);
    expect(rest.map((i) => i.rule)).toContain('Late arrival');
    const seqs = [...first.items, ...rest].map((i) => i.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    // A time-sorted cursor is refused for seq order, and the other way round.
    const timeCursor = (await page('limit=1')).next_cursor!;
    expect(
      (await get(`${app.url}/api/v1/events?sort=seq&cursor=${timeCursor}`, app.adminToken)).status,
    ).toBe(400);
  });
});
