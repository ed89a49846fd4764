import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { falcoEvent } from '../../test-support/falco-events.js';
import { call } from '../../test-support/http.js';
import {
  eventually,
  startReceiver,
  type Answer,
  type Received,
} from '../../test-support/receiver.js';
import { startTestApp, type TestApp } from '../../test-support/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-database.js';

/**
 * Resolving an alert group resolves its PagerDuty incident, through the durable outbox: against a
 * local receiver that answers as PagerDuty's Events API v2 does, checking each body against
 * PagerDuty's published request schema (/work/shared/contracts, as libs/outputs' tests do).
 */

const KEY = 'R0UT1NGKEY0000000000000000000001';
const OTHER_KEY = 'R0UT1NGKEY0000000000000000000002';

/** PagerDuty's `/enqueue` request schema, from its OpenAPI document. */
function enqueueValidator(): ValidateFunction {
  const dir =
    process.env['AERIE_CONTRACTS_DIR'] ??
    fileURLToPath(new URL('../../../../../../shared/contracts', import.meta.url));
  const doc = JSON.parse(readFileSync(`${dir}/pagerduty-events-v2.openapiv3.json`, 'utf8')) as {
    paths: Record<
      string,
      { post: { requestBody: { content: Record<string, { schema: object }> } } }
    >;
    components: unknown;
  };
  const schema = doc.paths['/enqueue']!.post.requestBody.content['application/json']!.schema;
  // OpenAPI documents carry keywords (`example`, `discriminator`…) that strict mode refuses.
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats.default(ajv);
  // The test app's links point at http://127.0.0.1:<port>, which ajv-formats' `url` refuses (no
  // top-level domain); any absolute URL is what a link needs.
  ajv.addFormat('url', (s: string) => URL.canParse(s));
  return ajv.compile({ ...schema, components: doc.components });
}
const validate = enqueueValidator();
if (validate({ event_action: 'resolve' }) || !validate.errors?.length) {
  throw new Error('the PagerDuty schema accepts an event without routing_key: not loaded right');
}

interface Enqueued {
  routing_key: string;
  event_action: 'trigger' | 'resolve';
  dedup_key: string;
}

/** 202 for a valid event, 400 with PagerDuty's reasons otherwise. */
function pagerDuty(r: Received): Answer {
  let body: unknown;
  try {
    body = JSON.parse(r.body);
  } catch {
    return { status: 400, body: '{"status":"invalid event","message":"Event object is invalid"}' };
  }
  if (r.headers['content-type'] !== 'application/json' || !validate(body)) {
    return {
      status: 400,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        status: 'invalid event',
        message: 'Event object is invalid',
        errors: (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`),
      }),
    };
  }
  return {
    status: 202,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      status: 'success',
      message: 'Event processed',
      dedup_key: (body as Enqueued).dedup_key,
    }),
  };
}

const pd = await startReceiver(pagerDuty);
/** Requests PagerDuty accepted, in order. */
const accepted: Enqueued[] = [];
/** Whether PagerDuty is down (503) for triggers, for resolves. */
const down = { trigger: false, resolve: false };
pd.answerWith((r) => {
  const sent = JSON.parse(r.body) as Enqueued;
  if (down[sent.event_action]) return { status: 503, body: 'unavailable' };
  const answer = pagerDuty(r);
  if (answer !== 'hang' && answer.status === 202) accepted.push(sent);
  return answer;
});
const webhook = await startReceiver();

const OUTPUTS = [
  {
    name: 'pd',
    type: 'pagerduty',
    config: { routingKey: KEY, endpoint: `${pd.url}/v2/enqueue` },
    route: { min_priority: 'critical' },
  },
  // Its route never took these events: it is sent the resolve all the same (a no-op at PagerDuty).
  {
    name: 'pd-other',
    type: 'pagerduty',
    config: { routingKey: OTHER_KEY, endpoint: `${pd.url}/v2/enqueue` },
    route: { rules: ['Nothing matches this'] },
  },
  // Has no incidents: never sent a resolve.
  { name: 'hook', type: 'webhook', config: { url: `${webhook.url}/in` } },
];

let target: TestDatabase;
let app: TestApp;
const start = (db: TestDatabase) =>
  startTestApp(db, {}, { delivery: { pollMs: 50 }, outputs: OUTPUTS });

beforeAll(async () => {
  target = await createTestDatabase();
  app = await start(target);
});
afterAll(async () => {
  await app?.close();
  await target?.drop();
  await pd.close();
  await webhook.close();
});

/** Stores a critical event; returns its id, group and fingerprint. */
async function critical(rule: string) {
  const res = await call(
    app.url,
    'POST',
    '/',
    undefined,
    falcoEvent({ rule, priority: 'Critical' }),
  );
  expect(res.status).toBe(200);
  const id = (res.body as { id: string }).id;
  const event = (await call(app.url, 'GET', `/api/v1/events/${id}`, app.adminToken)).body as {
    group_id: string;
    fingerprint: string;
  };
  return { id, group: event.group_id, dedup: `aerie-${event.fingerprint}` };
}

const resolves = (dedup: string) =>
  accepted.filter((a) => a.event_action === 'resolve' && a.dedup_key === dedup);

describe('PagerDuty resolve on triage', () => {
  it('a resolved group’s incident is resolved at every PagerDuty output, even across a restart', async () => {
    const g = await critical('Resolve me');
    await eventually(
      () => accepted.some((a) => a.event_action === 'trigger' && a.dedup_key === g.dedup),
      'the trigger',
    );
    down.resolve = true;
    const res = await call(app.url, 'PATCH', `/api/v1/groups/${g.group}`, app.adminToken, {
      status: 'resolved',
    });
    expect(res.status).toBe(200);
    await eventually(async () => {
      const log = (await call(app.url, 'GET', `/api/v1/events/${g.id}/deliveries`, app.adminToken))
        .body as { items: Array<{ kind: string; attempts: number }> };
      return log.items.filter((d) => d.kind === 'resolve' && d.attempts >= 1).length === 2;
    }, 'both resolves tried and refused');
    // Aerie stops while PagerDuty is down; the resolves wait in the outbox.
    await app.close();
    down.resolve = false;
    app = await start(target);
    await eventually(() => resolves(g.dedup).length === 2, 'both resolves after the restart');
    expect(
      resolves(g.dedup)
        .map((r) => r.routing_key)
        .sort(),
    ).toEqual([KEY, OTHER_KEY]);
    expect(resolves(g.dedup)[0]).toEqual({
      routing_key: expect.any(String),
      event_action: 'resolve',
      dedup_key: g.dedup,
    });
    const log = (await call(app.url, 'GET', `/api/v1/events/${g.id}/deliveries`, app.adminToken))
      .body as { items: Array<{ output: string; kind: string; status: string; attempts: number }> };
    expect(log.items.filter((d) => d.kind === 'resolve')).toEqual([
      expect.objectContaining({ output: 'pd', status: 'delivered' }),
      expect.objectContaining({ output: 'pd-other', status: 'delivered' }),
    ]);
    expect(log.items.find((d) => d.kind === 'resolve')!.attempts).toBeGreaterThanOrEqual(2);
    // The webhook got the event (its route takes everything) and nothing about the resolve.
    expect(webhook.received.map((r) => (JSON.parse(r.body) as { id: string }).id)).toEqual([g.id]);
    // Resolving it again (nothing changes) sends nothing more.
    await call(app.url, 'PATCH', `/api/v1/groups/${g.group}`, app.adminToken, {
      status: 'resolved',
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(resolves(g.dedup)).toHaveLength(2);
  });

  it('a bulk resolve resolves each group’s incident; other statuses send nothing', async () => {
    const a = await critical('Bulk resolve A');
    const b = await critical('Bulk resolve B');
    const acknowledged = await call(app.url, 'POST', '/api/v1/groups/bulk', app.adminToken, {
      ids: [a.group, b.group],
      status: 'acknowledged',
    });
    expect(acknowledged.body).toEqual({ updated: 2 });
    const resolved = await call(app.url, 'POST', '/api/v1/groups/bulk', app.adminToken, {
      filter: { rule: ['Bulk resolve A', 'Bulk resolve B'] },
      status: 'resolved',
    });
    expect(resolved.body).toEqual({ updated: 2 });
    await eventually(
      () => resolves(a.dedup).length === 2 && resolves(b.dedup).length === 2,
      'a resolve per group and PagerDuty output',
    );
  });

  it('a resolve waits for a trigger of its group still owed to PagerDuty', async () => {
    down.trigger = true;
    const g = await critical('Trigger owed');
    await eventually(
      () => pd.received.some((r) => (JSON.parse(r.body) as Enqueued).dedup_key === g.dedup),
      'a refused trigger',
    );
    await call(app.url, 'PATCH', `/api/v1/groups/${g.group}`, app.adminToken, {
      status: 'resolved',
    });
    // pd-other owes no trigger: its resolve goes at once; pd's waits.
    await eventually(() => resolves(g.dedup).length === 1, 'the resolve with no trigger owed');
    expect(resolves(g.dedup)[0]!.routing_key).toBe(OTHER_KEY);
    await new Promise((r) => setTimeout(r, 1500));
    const toPd = pd.received
      .map((r) => JSON.parse(r.body) as Enqueued)
      .filter((e) => e.dedup_key === g.dedup && e.routing_key === KEY);
    expect(toPd.every((e) => e.event_action === 'trigger')).toBe(true);
    down.trigger = false;
    await eventually(() => resolves(g.dedup).length === 2, 'the resolve after the trigger', 60_000);
    const order = accepted
      .filter((e) => e.dedup_key === g.dedup && e.routing_key === KEY)
      .map((e) => e.event_action);
    expect(order).toEqual(['trigger', 'resolve']);
  });
});
