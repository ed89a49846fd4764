import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { falcoEvent } from '../../test-support/falco-events.js';
import { eventually, listenLocally } from '../../test-support/receiver.js';
import { useOutputApp } from '../../test-support/output-e2e.js';

/**
 * The Elasticsearch output through the real engine: events posted to Aerie reach a local `_bulk`
 * endpoint on a real socket as ECS documents keyed by event id; its per-item answers are recorded
 * event by event (a 429 item retried alone, a refused document dead), and a request that timed
 * out after the cluster indexed it is retried without duplicating anything (409 = delivered).
 */

const API_KEY = 'VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==';

interface Doc {
  rule: { name: string };
  falco: { output_fields: Record<string, unknown> };
}

/**
 * `_bulk` as NOTES.md §5 describes it: 200 with one item per action; `create` of an existing
 * `_id` is 409. Rules named `ES busy …` are rejected once with an item 429, `ES poison …` refused
 * with a mapping error; `slowOnce` indexes a request but answers after the client gave up.
 */
async function startCluster() {
  const docs = new Map<string, Doc>();
  const writes: string[] = [];
  const batches: { rule: string; status: number }[][] = [];
  const requests: http.IncomingHttpHeaders[] = [];
  const state = { slowOnce: false, rejected: new Set<string>() };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push(req.headers);
      const reply = (status: number, body: object) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.headers.authorization !== `ApiKey ${API_KEY}`) {
        const error = {
          type: 'security_exception',
          reason: 'unable to authenticate with provided credentials',
        };
        return reply(401, { error: { root_cause: [error], ...error }, status: 401 });
      }
      const raw = Buffer.concat(chunks);
      const text = (req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString();
      const lines = text.slice(0, -1).split('\n');
      const items: object[] = [];
      const batch: { rule: string; status: number }[] = [];
      for (let i = 0; i < lines.length; i += 2) {
        const { create } = JSON.parse(lines[i]!) as { create: { _index: string; _id: string } };
        const doc = JSON.parse(lines[i + 1]!) as Doc;
        const key = `${create._index}/${create._id}`;
        const rule = doc.rule.name;
        const at = { _index: create._index, _id: create._id };
        let item: object;
        if (docs.has(key)) {
          item = {
            ...at,
            status: 409,
            error: {
              type: 'version_conflict_engine_exception',
              reason: `[${create._id}]: version conflict, document already exists (current version [1])`,
            },
          };
        } else if (rule.startsWith('ES busy') && !state.rejected.has(key)) {
          state.rejected.add(key);
          item = {
            ...at,
            status: 429,
            error: { type: 'es_rejected_execution_exception', reason: 'rejected execution' },
          };
        } else if (rule.startsWith('ES poison')) {
          item = {
            ...at,
            status: 400,
            error: {
              type: 'document_parsing_exception',
              reason: '[1:1] failed to parse field [falco.output_fields] of type [text]',
            },
          };
        } else {
          docs.set(key, doc);
          writes.push(key);
          item = { ...at, status: 201, result: 'created', _version: 1 };
        }
        items.push({ create: item });
        batch.push({ rule, status: (item as { status: number }).status });
      }
      batches.push(batch);
      const answer = () =>
        reply(200, { took: 2, errors: batch.some((b) => b.status >= 300), items });
      if (state.slowOnce) {
        state.slowOnce = false;
        setTimeout(answer, 1_500);
      } else answer();
    });
  });
  const { url, close } = await listenLocally(server);
  return {
    url,
    docs,
    writes,
    batches,
    requests,
    state,
    close,
  };
}

const es = await startCluster();

const { ingest, deliveryOf, settled } = useOutputApp(
  () => ({
    outputs: [
      {
        name: 'es',
        type: 'elasticsearch',
        config: { url: es.url, apiKey: API_KEY, gzip: true },
        route: { rules: ['ES *'] },
        delivery: { timeoutMs: 500 },
      },
      {
        name: 'es-bad-key',
        type: 'elasticsearch',
        config: { url: es.url, apiKey: 'V1JPTkc6a2V5' },
        route: { rules: ['Bad key *'] },
      },
    ],
  }),
  () => es.close(),
);

const written = (id: string) => es.writes.filter((k) => k.endsWith(`/${id}`)).length;

describe('elasticsearch output through the delivery engine', () => {
  it('indexes each event once as an ECS document; a 429 item is retried alone, a refused one is dead', async () => {
    const sent = await ingest([
      falcoEvent({ rule: 'ES 1' }),
      falcoEvent({ rule: 'ES busy 2' }),
      falcoEvent({ rule: 'ES poison 3' }),
      falcoEvent({ rule: 'ES 4', output_fields: { 'k8s.ns.name': 'a', 'k8s.ns.name.x': 'b' } }),
    ]);
    await eventually(() => settled(sent, 'es'), 'every delivery settled', 20_000);
    const [one, busy, poison, four] = sent as [string, string, string, string];
    for (const id of [one, busy, four]) {
      expect(written(id), id).toBe(1);
      expect((await deliveryOf(id, 'es'))?.status).toBe('delivered');
    }
    expect(written(poison)).toBe(0);
    expect(await deliveryOf(poison, 'es')).toMatchObject({ status: 'dead', attempts: 1 });
    expect((await deliveryOf(poison, 'es'))?.last_error).toContain(
      '400 document_parsing_exception: [1:1] failed to parse field [falco.output_fields]',
    );
    expect((await deliveryOf(busy, 'es'))?.attempts).toBe(2);
    expect((await deliveryOf(one, 'es'))?.attempts).toBe(1);
    // One request for the four; then the 429 item alone.
    expect(es.batches[0]!.map((b) => b.rule)).toEqual(['ES 1', 'ES busy 2', 'ES poison 3', 'ES 4']);
    expect(es.batches.slice(1).flat()).toEqual([{ rule: 'ES busy 2', status: 201 }]);
    expect(es.requests[0]).toMatchObject({
      'content-type': 'application/x-ndjson',
      'content-encoding': 'gzip',
    });
    const doc = es.docs.get(`falco-2026.05.01/${four}`)!;
    expect(doc.falco.output_fields).toEqual({ 'k8s.ns.name': 'a', 'k8s.ns.name.x': 'b' });
    expect(doc).toMatchObject({ event: { kind: 'alert', id: four }, rule: { name: 'ES 4' } });
  });

  it('a request that timed out after the cluster indexed it is retried: 409 counts as delivered, nothing twice', async () => {
    es.batches.length = 0;
    es.state.slowOnce = true;
    const sent = await ingest([
      falcoEvent({ rule: 'ES slow 1' }),
      falcoEvent({ rule: 'ES slow 2' }),
    ]);
    await eventually(() => settled(sent, 'es'), 'every delivery settled', 20_000);
    for (const id of sent) {
      expect(written(id), id).toBe(1);
      expect(await deliveryOf(id, 'es')).toMatchObject({ status: 'delivered', attempts: 2 });
    }
    expect(es.batches[0]!.map((b) => b.status)).toEqual([201, 201]);
    expect(
      es.batches
        .slice(1)
        .flat()
        .map((b) => b.status),
    ).toEqual([409, 409]);
  });

  it('a wrong API key is dead at once, and the key never shows', async () => {
    const [id] = await ingest([falcoEvent({ rule: 'Bad key 1' })]);
    await eventually(
      async () => (await deliveryOf(id!, 'es-bad-key'))?.status === 'dead',
      'a dead delivery',
    );
    const delivery = await deliveryOf(id!, 'es-bad-key');
    expect(delivery).toMatchObject({ attempts: 1 });
    expect(delivery?.last_error).toContain('_bulk 401 security_exception');
    expect(JSON.stringify(delivery)).not.toContain('V1JPTkc6a2V5');
  });
});
