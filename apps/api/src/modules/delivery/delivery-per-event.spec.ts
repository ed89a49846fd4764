import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { classifyHttp, type HttpOutputPlugin, type Outcome } from '@aerie/outputs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { call } from '../../test-support/http.js';
import { registerOutputPlugin } from '../../test-support/output-plugins.js';
import { eventually, listenLocally } from '../../test-support/receiver.js';
import { useOutputApp } from '../../test-support/output-e2e.js';

/**
 * Per-event outcomes end to end: a destination that answers item by item (like Elasticsearch's
 * `_bulk`) behind a fake plugin, the real engine, and a real local receiver on a socket that
 * also checks the gzip body.
 */

const ConfigSchema = z.strictObject({ url: z.string().describe('The bulk endpoint.') });
type Config = z.infer<typeof ConfigSchema>;

/** Like `_bulk`: NDJSON, gzip, one item per event; 409 (already there) counts as success. */
const bulkOutput: HttpOutputPlugin<Config> = {
  type: 'test-bulk',
  title: 'Test bulk',
  description: 'A bulk API that answers per event.',
  configSchema: ConfigSchema,
  secretFields: [],
  maxBatch: 50,
  render: (events, config) => ({
    method: 'POST',
    url: config.url,
    headers: { 'content-type': 'application/x-ndjson' },
    body: events.map((e) => `${JSON.stringify({ id: e.event.id, rule: e.event.rule })}\n`).join(''),
    gzip: true,
  }),
  classify(answer) {
    if (answer.status !== 200) return classifyHttp(answer);
    const { items } = JSON.parse(answer.body) as { items: Array<{ status: number }> };
    return {
      perEvent: items.map((i): Outcome => {
        if (i.status < 300 || i.status === 409) return { ok: true };
        return { ok: false, retryable: i.status === 429, error: `item answered ${i.status}` };
      }),
    };
  },
};
registerOutputPlugin(bulkOutput);

interface Request {
  encoding: string | undefined;
  compressed: number;
  lines: Array<{ id: string; rule: string }>;
}

/** The destination: gunzips, answers each item by its rule, remembers every request. */
async function startBulkReceiver() {
  const requests: Request[] = [];
  const seen = new Map<string, number>();
  let answerShort = false;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const encoding = req.headers['content-encoding'];
      const text = (encoding === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
      const lines = text
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as { id: string; rule: string });
      requests.push({ encoding, compressed: raw.length, lines });
      const items = lines.map(({ id, rule }) => {
        const n = (seen.get(id) ?? 0) + 1;
        seen.set(id, n);
        if (rule.startsWith('Bulk conflict')) return { status: 409 };
        if (rule.startsWith('Bulk throttled')) return { status: n === 1 ? 429 : 201 };
        if (rule.startsWith('Bulk refused')) return { status: 400 };
        return { status: 201 };
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: true, items: answerShort ? items.slice(1) : items }));
    });
  });
  const { url, close } = await listenLocally(server);
  return {
    url: `${url}/_bulk`,
    requests,
    /** How often each event id arrived. */
    seen,
    /** Answers one item too few from now on (a plugin misreading the answer looks the same). */
    answerShort: () => (answerShort = true),
    close,
  };
}

const receiver = await startBulkReceiver();

const {
  app,
  ingestRules: ingest,
  firstDelivery: deliveryOf,
} = useOutputApp(
  () => ({
    outputs: [
      {
        name: 'bulk',
        type: 'test-bulk',
        config: { url: receiver.url },
        route: { rules: ['Bulk *'] },
      },
    ],
  }),
  () => receiver.close(),
);

const metric = async (result: string): Promise<number> => {
  const text = await (await fetch(`${app().url}/metrics`)).text();
  const m = new RegExp(
    `aerie_delivery_attempts_total\\{output="bulk",result="${result}"\\} (\\d+)`,
  ).exec(text);
  return m ? Number(m[1]) : 0;
};

describe('per-event outcomes', () => {
  it('records each event by its own outcome and retries only the retryable failures', async () => {
    const ids = await ingest([
      'Bulk ok 1',
      'Bulk conflict 1',
      'Bulk throttled 1',
      'Bulk refused 1',
      'Bulk ok 2',
      'Bulk throttled 2',
    ]);
    const [ok1, conflict, throttled1, refused, ok2, throttled2] = ids as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    await eventually(async () => {
      const all = await Promise.all(ids.map(deliveryOf));
      return all.every((d) => d.status !== 'pending');
    }, 'every delivery settled');
    // Sent once each, except the throttled ones: once more, and alone.
    expect(Object.fromEntries(ids.map((id) => [id, receiver.seen.get(id)]))).toEqual({
      [ok1]: 1,
      [conflict]: 1,
      [throttled1]: 2,
      [refused]: 1,
      [ok2]: 1,
      [throttled2]: 2,
    });
    const retried = receiver.requests
      .flatMap((r) => r.lines.map((l) => l.id))
      .filter((id, i, all) => all.indexOf(id) !== i);
    expect(retried.sort()).toEqual([throttled1, throttled2].sort());

    expect(await deliveryOf(ok1)).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(await deliveryOf(conflict)).toMatchObject({ status: 'delivered', attempts: 1 });
    const refusedLog = await deliveryOf(refused);
    expect(refusedLog).toMatchObject({
      status: 'dead',
      attempts: 1,
      last_status: 200,
      last_error: 'item answered 400',
    });
    expect(refusedLog.attempts_log).toEqual([
      expect.objectContaining({ outcome: 'failed', http_status: 200, error: 'item answered 400' }),
    ]);
    const throttledLog = await deliveryOf(throttled1);
    expect(throttledLog).toMatchObject({ status: 'delivered', attempts: 2, last_error: null });
    expect(throttledLog.attempts_log.map((a) => [a.outcome, a.error])).toEqual([
      ['retry', 'item answered 429'],
      ['delivered', null],
    ]);
    // One attempt counted per delivery, by its own result.
    await eventually(async () => (await metric('delivered')) === 5, 'five delivered in metrics');
    expect(await metric('retry')).toBe(2);
    expect(await metric('dead')).toBe(1);
    // The dead one is listed for replay.
    const dead = await call(
      app().url,
      'GET',
      '/api/v1/deliveries?status=dead&output=bulk',
      app().adminToken,
    );
    expect(
      (dead.body as { items: Array<{ event_id: string }> }).items.map((d) => d.event_id),
    ).toEqual([refused]);
  });

  it('sends the batch gzipped, and it decodes to the events', async () => {
    const before = receiver.requests.length;
    const ids = await ingest(['Bulk ok gz 1', 'Bulk ok gz 2', 'Bulk ok gz 3']);
    await eventually(() => ids.every((id) => receiver.seen.has(id)), 'three events received');
    const sent = receiver.requests.slice(before);
    expect(sent.every((r) => r.encoding === 'gzip')).toBe(true);
    expect(sent.flatMap((r) => r.lines.map((l) => l.id)).sort()).toEqual([...ids].sort());
    expect(sent.flatMap((r) => r.lines.map((l) => l.rule)).sort()).toEqual([
      'Bulk ok gz 1',
      'Bulk ok gz 2',
      'Bulk ok gz 3',
    ]);
  });

  it('retries the whole request when the per-event answer does not match the events sent', async () => {
    receiver.answerShort();
    const [id] = await ingest(['Bulk ok short']);
    await eventually(
      async () => (await deliveryOf(id!)).attempts_log.length >= 2,
      'two attempts of the mismatched answer',
    );
    const d = await deliveryOf(id!);
    expect(d.status).toBe('pending');
    expect(d.attempts_log[0]).toMatchObject({
      outcome: 'retry',
      error: expect.stringMatching(
        /read 0 per-event outcomes from the answer to a request of 1 events/,
      ),
    });
  });
});
