import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { falcoEvent } from '../../test-support/falco-events.js';
import { eventually, listenLocally } from '../../test-support/receiver.js';
import { useOutputApp } from '../../test-support/output-e2e.js';

/**
 * The Splunk HEC output through the real engine: events posted to Aerie reach a local HEC on a
 * real socket, gzipped and batched; HEC's partial answers (`invalid-event-number`) are recorded
 * event by event, so an event HEC indexed is never sent again, a refused one is dead, and the ones
 * HEC did not read are retried.
 */

const TOKEN = '8f14e45f-ceea-467a-9a4e-5e0c8c1a2b3d';

interface Indexed {
  text: string;
  event: { id: string; rule: string };
}

/**
 * HEC as NOTES.md §4 describes it: a stream of envelopes read in order, indexed up to the first
 * one it refuses. `refuse(event)` picks the events this HEC finds invalid (code 6); `busy` answers
 * the next request 503 code 9 after indexing its first event.
 */
async function startHec() {
  const indexed: Indexed[] = [];
  const requests: http.IncomingHttpHeaders[] = [];
  /** The rules of each request's events, in order. */
  const batches: string[][] = [];
  const state = { busy: false, refuse: (_e: Indexed['event']) => false };
  const reply = (res: http.ServerResponse, status: number, body: object, headers = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push(req.headers);
      if (req.headers.authorization !== `Splunk ${TOKEN}`) {
        return reply(res, 403, { text: 'Invalid token', code: 4 });
      }
      const raw = Buffer.concat(chunks);
      const body = (req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString(
        'utf8',
      );
      // Aerie writes one envelope a line; HEC itself reads any whitespace between objects.
      const lines = body.split('\n').filter((l) => l.trim() !== '');
      batches.push(lines.map((l) => (JSON.parse(l) as { event: Indexed['event'] }).event.rule));
      for (const [n, text] of lines.entries()) {
        if (state.busy && n === 1) {
          state.busy = false;
          return reply(
            res,
            503,
            { text: 'Server is busy', code: 9, 'invalid-event-number': n },
            { 'retry-after': '1' },
          );
        }
        const envelope = JSON.parse(text) as { event: Indexed['event'] };
        if (state.refuse(envelope.event)) {
          return reply(res, 400, {
            text: 'Invalid data format',
            code: 6,
            'invalid-event-number': n,
          });
        }
        indexed.push({ text, event: envelope.event });
      }
      reply(res, 200, { text: 'Success', code: 0 });
    });
  });
  const { url, close } = await listenLocally(server);
  return {
    url,
    indexed,
    requests,
    batches,
    state,
    close,
  };
}

const hec = await startHec();

const { ingest, deliveryOf, settled } = useOutputApp(
  () => ({
    outputs: [
      {
        name: 'splunk',
        type: 'splunk',
        config: { url: hec.url, token: TOKEN, index: 'falco' },
        route: { rules: ['Splunk *'] },
      },
      {
        name: 'splunk-bad-token',
        type: 'splunk',
        config: { url: hec.url, token: 'not-the-token' },
        route: { rules: ['Bad token *'] },
      },
    ],
  }),
  () => hec.close(),
);

const timesIndexed = (id: string) => hec.indexed.filter((e) => e.event.id === id).length;

describe('splunk output through the delivery engine', () => {
  it('indexes every event once, gzipped, with its exact time; a refused event is dead, the rest retried', async () => {
    hec.state.refuse = (e) => e.rule === 'Splunk poison';
    const sent = await ingest([
      falcoEvent({ rule: 'Splunk 1' }),
      falcoEvent({ rule: 'Splunk 2' }),
      falcoEvent({ rule: 'Splunk poison' }),
      falcoEvent({ rule: 'Splunk 4' }),
      falcoEvent({ rule: 'Splunk 5' }),
    ]);
    await eventually(() => settled(sent, 'splunk'), 'every delivery settled');
    const poison = sent[2]!;
    for (const id of sent) {
      expect(timesIndexed(id), id).toBe(id === poison ? 0 : 1);
      expect((await deliveryOf(id, 'splunk'))?.status).toBe(id === poison ? 'dead' : 'delivered');
    }
    expect((await deliveryOf(poison, 'splunk'))?.last_error).toContain(
      'Splunk HEC 400 code 6 Invalid data format',
    );
    expect(hec.requests[0]).toMatchObject({
      'content-encoding': 'gzip',
      authorization: `Splunk ${TOKEN}`,
    });
    expect(hec.indexed[0]!.text).toContain('"time":1777629600.123456789,');
    expect(hec.indexed[0]!.text).toContain('"index":"falco"');
    // One batch; then only the events HEC had not read, never the ones before the refused one.
    const [first, ...retries] = hec.batches;
    expect(first).toEqual(['Splunk 1', 'Splunk 2', 'Splunk poison', 'Splunk 4', 'Splunk 5']);
    expect(retries.flat().sort()).toEqual(['Splunk 4', 'Splunk 5']);
    hec.state.refuse = () => false;
  });

  it('503 code 9 inside a batch: the event before it is not sent again, the rest are after Retry-After', async () => {
    hec.state.busy = true;
    hec.batches.length = 0;
    const sent = await ingest([1, 2, 3].map((n) => falcoEvent({ rule: `Splunk busy ${n}` })));
    await eventually(() => settled(sent, 'splunk'), 'every delivery settled', 20_000);
    for (const id of sent) {
      expect(timesIndexed(id), id).toBe(1);
      expect((await deliveryOf(id, 'splunk'))?.status).toBe('delivered');
    }
    const attempts = await Promise.all(sent.map(async (id) => (await deliveryOf(id, 'splunk'))!));
    // The batch's first event was indexed before HEC got busy: one attempt; the others two.
    expect(attempts.map((d) => d.attempts)).toEqual([1, 2, 2]);
    expect(hec.batches[0]).toEqual(['Splunk busy 1', 'Splunk busy 2', 'Splunk busy 3']);
    expect(hec.batches.slice(1).flat().sort()).toEqual(['Splunk busy 2', 'Splunk busy 3']);
  });

  it('an invalid token is dead at once, and the token never shows', async () => {
    const [id] = await ingest([falcoEvent({ rule: 'Bad token 1' })]);
    await eventually(
      async () => (await deliveryOf(id!, 'splunk-bad-token'))?.status === 'dead',
      'a dead delivery',
    );
    const delivery = await deliveryOf(id!, 'splunk-bad-token');
    expect(delivery).toMatchObject({ attempts: 1 });
    expect(delivery?.last_error).toContain('Splunk HEC 403 code 4 Invalid token');
    expect(JSON.stringify(delivery)).not.toContain('not-the-token');
  });
});
