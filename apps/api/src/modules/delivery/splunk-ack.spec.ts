import { writeFile } from 'node:fs/promises';
import http from 'node:http';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { spawnApp } from '../../test-support/app-process.js';
import { falcoEvent } from '../../test-support/falco-events.js';
import { call } from '../../test-support/http.js';
import { useOutputApp, type Delivery } from '../../test-support/output-e2e.js';
import { eventually, listenLocally } from '../../test-support/receiver.js';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-database.js';
import { Database } from '../database/database.js';
import { TokensRepository } from '../tokens/tokens.repository.js';

/**
 * Splunk HEC indexer acknowledgement through the real engine (docs/outputs/splunk.md): with
 * `ack: true` an accepted batch is `acking` until a poll of `/services/collector/ack` says its ack
 * id is indexed, then delivered once; an ack that never comes sends the batch again after the
 * deadline, also across a crash; without `ack` nothing changes.
 */

const TOKEN = '6512bd43-d9ca-46a0-9c6a-3f2b8e1d7a41';
const CHANNEL_HEADER = 'x-splunk-request-channel';

/**
 * HEC; with `useACK` on, every accepted request needs a channel and gets the channel's next ack
 * id; a poll reports the ids indexed once `indexing` is on, and forgets an id once reported true.
 */
async function startHec(useAck: boolean) {
  const state = { indexing: false };
  /** Event ids of every accepted request, in order (an event sent twice appears twice). */
  const received: string[] = [];
  const polls: number[][] = [];
  const acks = new Map<string, Map<number, boolean>>();
  const next = new Map<string, number>();
  const reply = (res: http.ServerResponse, status: number, body: object) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.headers.authorization !== `Splunk ${TOKEN}`) {
        return reply(res, 403, { text: 'Invalid token', code: 4 });
      }
      const raw = Buffer.concat(chunks);
      const body = (req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString();
      const channel = req.headers[CHANNEL_HEADER];
      if (!useAck && req.url === '/services/collector/ack') {
        return reply(res, 400, { text: 'ACK is disabled', code: 14 });
      }
      if (!useAck) {
        received.push(...eventIds(body));
        return reply(res, 200, { text: 'Success', code: 0 });
      }
      if (typeof channel !== 'string') {
        return reply(res, 400, { text: 'Data channel is missing', code: 10 });
      }
      const ids = acks.get(channel) ?? new Map<number, boolean>();
      acks.set(channel, ids);
      if (req.url === '/services/collector/ack') {
        const asked = (JSON.parse(body) as { acks: number[] }).acks;
        polls.push(asked);
        if (state.indexing) for (const id of ids.keys()) ids.set(id, true);
        const answer: Record<string, boolean> = {};
        for (const id of asked) {
          answer[String(id)] = ids.get(id) === true;
          if (ids.get(id) === true) ids.delete(id);
        }
        return reply(res, 200, { acks: answer });
      }
      received.push(...eventIds(body));
      const ackId = next.get(channel) ?? 0;
      next.set(channel, ackId + 1);
      ids.set(ackId, false);
      reply(res, 200, { text: 'Success', code: 0, ackId });
    });
  });
  const { url, close } = await listenLocally(server);
  return { url, state, received, polls, close };
}

/** The ids of the events in a request of HEC envelopes, one a line. */
function eventIds(body: string): string[] {
  return body
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => (JSON.parse(l) as { event: { id: string } }).event.id);
}

const hec = await startHec(true);
const plain = await startHec(false);
afterAll(async () => {
  await hec.close();
  await plain.close();
});
const sentTimes = (id: string) => hec.received.filter((r) => r === id).length;
const statusOf = async (
  deliveryOf: (id: string, output: string) => Promise<Delivery | undefined>,
  id: string,
) => (await deliveryOf(id, 'splunk'))?.status;

const splunk = (url: string, ack: boolean) => ({
  name: 'splunk',
  type: 'splunk',
  config: { url, token: TOKEN, ack, channel: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d' },
});

describe('splunk indexer acknowledgement', () => {
  const app = useOutputApp(() => ({
    outputs: [splunk(hec.url, true)],
    delivery: { ack: { timeoutSeconds: 120, pollMs: 50 } },
  }));

  it('is acking until the poll says indexed, then delivered once', async () => {
    hec.state.indexing = false;
    const [id] = await app.ingest([falcoEvent({ rule: 'Ack 1' })]);
    await eventually(async () => (await statusOf(app.deliveryOf, id!)) === 'acking', 'acking');
    await eventually(() => hec.polls.length >= 3, 'polled while waiting');
    expect(await statusOf(app.deliveryOf, id!)).toBe('acking');
    const pending = await call(
      app.app().url,
      'GET',
      '/api/v1/deliveries?status=acking',
      app.app().adminToken,
    );
    expect((pending.body as { items: Array<{ event_id: string }> }).items).toEqual([
      expect.objectContaining({ event_id: id, status: 'acking' }),
    ]);
    hec.state.indexing = true;
    await eventually(async () => (await statusOf(app.deliveryOf, id!)) === 'delivered', 'acked');
    const delivery = (await app.deliveryOf(id!, 'splunk'))!;
    expect(delivery.attempts).toBe(1);
    expect(delivery.attempts_log).toEqual([
      expect.objectContaining({ outcome: 'acking', http_status: 200, error: null }),
    ]);
    expect(sentTimes(id!)).toBe(1);
  });
});

describe('an ack that never comes', () => {
  const app = useOutputApp(() => ({
    outputs: [splunk(hec.url, true)],
    delivery: { ack: { timeoutSeconds: 1, pollMs: 50 } },
  }));

  it('goes back to pending after the deadline and is sent again', async () => {
    hec.state.indexing = false;
    const [id] = await app.ingest([falcoEvent({ rule: 'Ack lost' })]);
    await eventually(() => sentTimes(id!) >= 2, 'sent again after the deadline');
    const delivery = (await app.deliveryOf(id!, 'splunk'))!;
    expect(delivery.attempts_log.slice(0, 2)).toEqual([
      expect.objectContaining({ outcome: 'acking', http_status: 200 }),
      expect.objectContaining({ outcome: 'retry', error: 'not acknowledged within 1 s' }),
    ]);
    hec.state.indexing = true;
    await eventually(async () => (await statusOf(app.deliveryOf, id!)) === 'delivered', 'acked');
  });
});

describe('a crash while acking', () => {
  const databases: TestDatabase[] = [];
  afterAll(async () => {
    for (const db of databases) await db.drop();
  });

  it('does not lose the event: after SIGKILL and a restart it is sent again after the deadline', async () => {
    hec.state.indexing = false;
    const target = await createTestDatabase();
    databases.push(target);
    const db = await Database.open(target);
    const admin = (
      await new TokensRepository(db).create({ name: 'reader', scopes: ['admin'], teams: [] })
    ).token;
    await db.close();
    const configFile = join(target.dataDir, 'aerie.yaml');
    await writeFile(
      configFile,
      stringify({
        outputs: [splunk(hec.url, true)],
        delivery: { pollMs: 50, ack: { timeoutSeconds: 2, pollMs: 50 } },
      }),
    );
    const env = { AERIE_CONFIG: configFile };
    const first = await spawnApp(target, env);
    const posted = await call(first.url, 'POST', '/api/v1/events', undefined, [
      falcoEvent({ rule: 'Ack crash' }),
    ]);
    const id = (posted.body as { ids: string[] }).ids[0]!;
    const status = async (url: string) => {
      const res = await call(url, 'GET', `/api/v1/events/${id}/deliveries`, admin);
      return (res.body as { items: Delivery[] }).items[0]?.status;
    };
    await eventually(async () => (await status(first.url)) === 'acking', 'acking');
    first.child.kill('SIGKILL');
    await first.exited;
    expect(sentTimes(id)).toBe(1);

    const second = await spawnApp(target, env);
    try {
      await eventually(() => sentTimes(id) >= 2, 'sent again after the deadline');
      hec.state.indexing = true;
      await eventually(async () => (await status(second.url)) === 'delivered', 'acked');
    } finally {
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    }
  });
});

describe('without ack', () => {
  const app = useOutputApp(() => ({
    outputs: [
      { ...splunk(plain.url, false), config: { url: plain.url, token: TOKEN } },
      // `ack: true` on a token without useACK: HEC answers without an ack id.
      { ...splunk(plain.url, true), name: 'splunk-no-ack-id' },
    ],
    delivery: { ack: { timeoutSeconds: 1, pollMs: 50 } },
  }));

  it('a 200 is delivered at once and nothing is polled (also when HEC gives no ack id)', async () => {
    const [id] = await app.ingest([falcoEvent({ rule: 'No ack' })]);
    await eventually(() => app.settled([id!], 'splunk'), 'sent');
    await eventually(() => app.settled([id!], 'splunk-no-ack-id'), 'sent without an ack id');
    for (const output of ['splunk', 'splunk-no-ack-id']) {
      expect(await app.deliveryOf(id!, output)).toMatchObject({
        status: 'delivered',
        attempts_log: [expect.objectContaining({ outcome: 'delivered', http_status: 200 })],
      });
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(plain.polls).toEqual([]);
    expect(plain.received).toEqual([id, id]);
  });
});
