import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type {
  BatchOutcome,
  DeliverableEvent,
  HttpAnswer,
  HttpMessage,
  Outcome,
} from '../../output.js';
import { corpusCases, GOLDEN_CONTEXT, type CorpusCase } from '../../test-support/corpus-events.js';
import { openSearchBulkContract } from '../../test-support/opensearch-bulk-contract.js';
import {
  startSearchCluster,
  type ClusterOptions,
  type IndexTemplate,
  type RunningCluster,
} from '../../test-support/search-cluster.js';
import { ElasticsearchConfigSchema, type ElasticsearchConfig } from './elasticsearch.config.js';
import { elasticsearchOutput } from './elasticsearch.output.js';
import { documentMappings } from './index-template.js';

const API_KEY = 'VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==';
const cases = corpusCases();
const events = cases.map((c) => c.event);
const { response: validBulkResponse } = openSearchBulkContract();

/** Aerie's template as the cluster knows it: field path → type. */
function templateTypes(node: Record<string, unknown>, prefix = ''): Record<string, string> {
  const properties = node['properties'] as Record<string, Record<string, unknown>> | undefined;
  if (!properties) return { [prefix]: String(node['type']) };
  return Object.assign(
    {},
    ...Object.entries(properties).map(([k, child]) =>
      templateTypes(child, prefix ? `${prefix}.${k}` : k),
    ),
  ) as Record<string, string>;
}
const aerieTemplate = (pattern: string, dataStream = false): IndexTemplate => ({
  pattern,
  dataStream,
  mappings: templateTypes(documentMappings('elasticsearch')),
});

let running: RunningCluster | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function cluster(options: ClusterOptions): Promise<RunningCluster> {
  running = await startSearchCluster(options);
  return running;
}

function configFor(url: string, settings: Record<string, unknown> = {}): ElasticsearchConfig {
  return ElasticsearchConfigSchema.parse({ url, apiKey: API_KEY, ...settings });
}

/** Sends as the engine does: gzip when asked, the answer cut to 64 KiB. */
async function send(message: HttpMessage): Promise<HttpAnswer> {
  const response = await fetch(message.url, {
    method: message.method,
    headers: { ...message.headers, ...(message.gzip ? { 'content-encoding': 'gzip' } : {}) },
    body: message.gzip ? gzipSync(message.body) : message.body,
  });
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return { status: response.status, headers, body: (await response.text()).slice(0, 65_536) };
}

async function deliver(
  batch: readonly DeliverableEvent[],
  config: ElasticsearchConfig,
): Promise<BatchOutcome> {
  const message = elasticsearchOutput.render(batch, config, GOLDEN_CONTEXT);
  return elasticsearchOutput.classify(await send(message), batch.length);
}

function perEvent(outcome: BatchOutcome, count: number): readonly Outcome[] {
  return 'perEvent' in outcome ? outcome.perEvent : Array<Outcome>(count).fill(outcome);
}

/** A corpus event with other output fields (a new id, so it is a new document). */
function variant(c: CorpusCase, n: number, fields: Record<string, unknown>): DeliverableEvent {
  const id = `00000000-0000-4000-a000-${String(n).padStart(12, '0')}`;
  const event = {
    ...c.event.event,
    id,
    output_fields: fields as DeliverableEvent['event']['output_fields'],
  };
  const { raw: _raw, ...stored } = event;
  return { ...c.event, event, eventJson: JSON.stringify(stored) };
}

describe('elasticsearch against a local cluster answering like Elasticsearch', () => {
  it('creates the whole corpus in one request; a retry creates nothing twice (409 = delivered)', async () => {
    const { url, cluster: es } = await cluster({
      apiKey: API_KEY,
      templates: [aerieTemplate('falco-*')],
    });
    expect(await deliver(events, configFor(url))).toEqual({ ok: true });
    expect(es.documents().size).toBe(events.length);
    expect([...es.indices.keys()]).toEqual(['falco-2026.05.01']);
    expect(await deliver(events, configFor(url))).toEqual({ ok: true });
    expect(es.documents().size).toBe(events.length);
    const [first, again] = es.answers as {
      errors: boolean;
      items: { create: { status: number } }[];
    }[];
    expect(first!.errors).toBe(false);
    expect(again!.errors).toBe(true);
    expect(again!.items.map((i) => i.create.status)).toEqual(events.map(() => 409));
    for (const a of es.answers)
      expect(validBulkResponse(a), JSON.stringify(validBulkResponse.errors)).toBe(true);
  });

  it('retries only the items refused with 429, reports mapping errors as permanent', async () => {
    const { url, cluster: es } = await cluster({
      apiKey: API_KEY,
      templates: [aerieTemplate('falco-*')],
    });
    const batch = events.slice(0, 4);
    es.rejectOnce.add(batch[1]!.event.id);
    // A document the mapping refuses: a @timestamp that is no date.
    const message = elasticsearchOutput.render(batch, configFor(url), GOLDEN_CONTEXT);
    const lines = message.body.split('\n');
    lines[5] = lines[5]!.replace(/"@timestamp":"[^"]*"/, '"@timestamp":"not a date"');
    const outcome = elasticsearchOutput.classify(
      await send({ ...message, body: lines.join('\n') }),
      4,
    );
    expect(perEvent(outcome, 4)).toEqual([
      { ok: true },
      {
        ok: false,
        retryable: true,
        error: expect.stringMatching(
          /^429 es_rejected_execution_exception: rejected execution/,
        ) as string,
      },
      {
        ok: false,
        retryable: false,
        error: expect.stringMatching(
          /^400 document_parsing_exception: .*failed to parse field \[@timestamp\] of type \[date_nanos\]/,
        ) as string,
      },
      { ok: true },
    ]);
    expect(validBulkResponse(es.answers[0])).toBe(true);
    // The engine retries the retryable one alone.
    expect(await deliver([batch[1]!], configFor(url))).toEqual({ ok: true });
    expect([...es.documents().keys()].sort()).toEqual(
      [batch[0], batch[1], batch[3]].map((d) => d!.event.id).sort(),
    );
  });

  it('with dynamic mapping Falco’s dotted names collide and are refused; the template’s flattened field takes them', async () => {
    const [c] = cases;
    const colliding = variant(c!, 1, { 'k8s.ns.name': 'payments', 'k8s.ns.name.foo': 'bar' });
    const numberFirst = variant(c!, 2, { 'evt.res': 0 });
    const stringNext = variant(c!, 3, { 'evt.res': 'EACCES' });
    const batch = [colliding, numberFirst, stringNext];

    const dynamic = await cluster({ apiKey: API_KEY });
    const refused = perEvent(await deliver(batch, configFor(dynamic.url)), 3);
    expect(refused[0]).toMatchObject({ ok: false, retryable: false });
    expect((refused[0] as { error: string }).error).toMatch(
      /^400 document_parsing_exception: .*falco\.output_fields\.k8s\.ns\.name.*install Aerie's index template/,
    );
    expect(refused[1]).toEqual({ ok: true });
    expect(refused[2]).toMatchObject({ ok: false, retryable: false });
    expect((refused[2] as { error: string }).error).toMatch(/of type \[long\]/);
    await dynamic.close();

    const templated = await cluster({ apiKey: API_KEY, templates: [aerieTemplate('falco-*')] });
    expect(await deliver(batch, configFor(templated.url))).toEqual({ ok: true });
    expect(templated.cluster.documents().size).toBe(3);
  });

  it('writes to a data stream (create, @timestamp), which refuses index actions', async () => {
    const { url, cluster: es } = await cluster({
      apiKey: API_KEY,
      templates: [aerieTemplate('logs-falco-default', true)],
    });
    const config = configFor(url, { index: 'logs-falco-default', dataStream: true });
    expect(await deliver(events, config)).toEqual({ ok: true });
    const answer = es.answers[0] as { items: { create: { _index: string } }[] };
    expect(answer.items[0]!.create._index).toBe('.ds-logs-falco-default-2026.05.01-000001');
    const message = elasticsearchOutput.render([variant(cases[0]!, 9, {})], config, GOLDEN_CONTEXT);
    const asIndex = { ...message, body: message.body.replace('{"create":', '{"index":') };
    const outcome = perEvent(elasticsearchOutput.classify(await send(asIndex), 1), 1);
    expect(outcome[0]).toEqual({
      ok: false,
      retryable: false,
      error:
        '400 illegal_argument_exception: only write ops with an op_type of create are allowed in data streams',
    });
  });

  it('refuses a wrong API key (401, permanent, the key in no error) and takes basic auth', async () => {
    const { url } = await cluster({
      apiKey: API_KEY,
      basic: { username: 'aerie', password: 'pw' },
    });
    const wrong = ElasticsearchConfigSchema.parse({ url, apiKey: 'V1JPTkc6a2V5' });
    const outcome = await deliver(events.slice(0, 2), wrong);
    expect(outcome).toEqual({
      ok: false,
      retryable: false,
      error:
        '_bulk 401 security_exception: unable to authenticate with provided credentials and anonymous access is not allowed for this request',
    });
    expect(JSON.stringify(outcome)).not.toContain('V1JPTkc6a2V5');
    const basic = ElasticsearchConfigSchema.parse({ url, username: 'aerie', password: 'pw' });
    expect(await deliver(events.slice(0, 2), basic)).toEqual({ ok: true });
  });

  it('retries a whole-request 429 (Retry-After when given) and 503', async () => {
    const { url, cluster: es } = await cluster({
      apiKey: API_KEY,
      templates: [aerieTemplate('falco-*')],
    });
    es.queued.push(
      {
        status: 429,
        headers: { 'content-type': 'application/json' },
        body: '{"error":{"root_cause":[{"type":"circuit_breaking_exception","reason":"[parent] Data too large"}],"type":"circuit_breaking_exception","reason":"[parent] Data too large"},"status":429}',
      },
      { status: 429, headers: { 'retry-after': '7' }, body: '' },
      {
        status: 503,
        headers: { 'content-type': 'application/json' },
        body: '{"error":{"type":"unavailable_shards_exception","reason":"primary shard is not active"},"status":503}',
      },
    );
    const config = configFor(url);
    const batch = events.slice(0, 3);
    expect(await deliver(batch, config)).toEqual({
      ok: false,
      retryable: true,
      error: '_bulk 429 circuit_breaking_exception: [parent] Data too large',
    });
    expect(await deliver(batch, config)).toEqual({
      ok: false,
      retryable: true,
      error: '_bulk 429',
      retryAfterMs: 7000,
    });
    expect(await deliver(batch, config)).toMatchObject({ ok: false, retryable: true });
    expect(await deliver(batch, config)).toEqual({ ok: true });
  });

  it('answers 413 beyond http.max_content_length: a batch is retried, a single huge event is not', async () => {
    const { url } = await cluster({
      apiKey: API_KEY,
      templates: [aerieTemplate('falco-*')],
      maxContentLength: 8 * 1024,
    });
    const config = configFor(url);
    expect(await deliver(events, config)).toEqual({
      ok: false,
      retryable: true,
      error: '_bulk 413',
    });
    const huge = cases.find((c) => c.name === 'huge-field')!.event;
    expect(await deliver([huge], config)).toEqual({
      ok: false,
      retryable: false,
      error: '_bulk 413',
    });
    expect(await deliver([events[0]!], config)).toEqual({ ok: true });
  });

  it('sends gzip bodies when asked', async () => {
    const { url, cluster: es } = await cluster({
      apiKey: API_KEY,
      templates: [aerieTemplate('falco-*')],
    });
    expect(await deliver(events, configFor(url, { gzip: true }))).toEqual({ ok: true });
    expect(es.documents().size).toBe(events.length);
  });

  it('keeps the answer to a full batch of refused documents under the 64 KiB the engine reads', async () => {
    const { url } = await cluster({ apiKey: API_KEY });
    const [c] = cases;
    // The first document maps k8s.ns.name as text; the next 100 each collide with it.
    expect(
      await deliver([variant(c!, 500, { 'k8s.ns.name': 'payments' })], configFor(url)),
    ).toEqual({ ok: true });
    const batch = Array.from({ length: elasticsearchOutput.maxBatch }, (_, i) =>
      variant(c!, 600 + i, { 'k8s.ns.name.foo': 'bar' }),
    );
    const message = elasticsearchOutput.render(batch, configFor(url), GOLDEN_CONTEXT);
    const answer = await send(message);
    expect(answer.body.length).toBeLessThan(65_536);
    const outcomes = perEvent(elasticsearchOutput.classify(answer, batch.length), batch.length);
    expect(outcomes.every((o) => !o.ok && !o.retryable)).toBe(true);
  });
});
