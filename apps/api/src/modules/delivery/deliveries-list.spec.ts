import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { falcoEvent } from '../../test-support/falco-events.js';
import { call } from '../../test-support/http.js';
import { eventually, startReceiver } from '../../test-support/receiver.js';
import { startTestApp, type TestApp } from '../../test-support/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-database.js';

/** The delivery log as the Outputs page reads it: by output and status, page after page. */

interface Delivery {
  id: string;
  output: string;
  status: string;
}

let db: TestDatabase;
let app: TestApp;
const refusing = await startReceiver(() => ({ status: 400, body: 'no' }));
const accepting = await startReceiver();

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startTestApp(db, {}, { delivery: { pollMs: 50 } });
  for (const [name, url, route] of [
    ['refused', refusing.url, { rules: ['Refused'] }],
    ['accepted', accepting.url, {}],
  ] as const) {
    const res = await call(app.url, 'POST', '/api/v1/outputs', app.adminToken, {
      name,
      type: 'webhook',
      config: { url },
      route,
    });
    expect(res.status, res.text).toBe(201);
  }
  const events = [
    ...Array.from({ length: 5 }, () => falcoEvent({ rule: 'Refused' })),
    ...Array.from({ length: 3 }, () => falcoEvent({ rule: 'Other' })),
  ];
  expect((await call(app.url, 'POST', '/api/v1/events', undefined, events)).status).toBe(200);
  // A 400 is final: each refused delivery is dead after one attempt.
  await eventually(
    async () =>
      (await list('status=dead&output=refused')).length === 5 &&
      (await list('status=delivered&output=accepted')).length === 8,
    'five dead and eight delivered',
  );
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
  await refusing.close();
  await accepting.close();
});

async function list(query: string): Promise<Delivery[]> {
  const res = await call(app.url, 'GET', `/api/v1/deliveries?${query}`, app.adminToken);
  expect(res.status, res.text).toBe(200);
  return (res.body as { items: Delivery[] }).items;
}

describe('GET /api/v1/deliveries', () => {
  it('pages one output’s dead deliveries newest first with `before`, each exactly once', async () => {
    const seen: Delivery[] = [];
    let before = '';
    for (let pages = 0; pages < 10; pages++) {
      const page = await list(`status=dead&output=refused&limit=2${before}`);
      seen.push(...page);
      if (page.length < 2) break;
      before = `&before=${page[page.length - 1]!.id}`;
    }
    expect(seen).toHaveLength(5);
    expect(seen.every((d) => d.output === 'refused' && d.status === 'dead')).toBe(true);
    const ids = seen.map((d) => BigInt(d.id));
    expect(ids).toEqual([...ids].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0)));
    expect(new Set(ids).size).toBe(5);
  });

  it('filters by output and by status independently', async () => {
    expect(await list('status=dead&output=accepted')).toEqual([]);
    expect(await list('output=no-such-output')).toEqual([]);
    const dead = await list('status=dead');
    expect(dead.map((d) => d.output)).toEqual(Array(5).fill('refused'));
    const all = await list('limit=1000');
    expect(all).toHaveLength(13);
    // `failed` is still pending after a failed attempt: none here, every refusal was final.
    expect(await list('status=failed')).toEqual([]);
  });

  it('names a bad parameter', async () => {
    for (const [query, field] of [
      ['status=broken', 'status'],
      ['before=abc', 'before'],
      ['limit=0', 'limit'],
    ] as const) {
      const res = await call(app.url, 'GET', `/api/v1/deliveries?${query}`, app.adminToken);
      expect(res.status, query).toBe(400);
      expect(res.body).toMatchObject({ issues: [{ field }] });
    }
  });
});
