import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PRIORITIES } from '@aerie/contracts';
import { outputsFromFalcosidekick } from '../../compat/falcosidekick.compat.js';
import { OUTPUT_PLUGINS } from '../../registry.js';
import { corpusCases, GOLDEN_CONTEXT, type CorpusCase } from '../../test-support/corpus-events.js';
import { expectGolden } from '../../test-support/golden.js';
import { openSearchBulkContract } from '../../test-support/opensearch-bulk-contract.js';
import type { DeliverableEvent, HttpMessage } from '../../output.js';
import { DOC_MAX_BYTES, eventSeverity } from './ecs-document.js';
import { ElasticsearchConfigSchema } from './elasticsearch.config.js';
import { elasticsearchOutput } from './elasticsearch.output.js';
import { documentMappings, indexTemplate } from './index-template.js';

const API_KEY = 'VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==';
const config = ElasticsearchConfigSchema.parse({
  url: 'https://es.example.com:9200',
  apiKey: API_KEY,
});
const cases = corpusCases();
const contract = openSearchBulkContract();

type Doc = Record<string, unknown>;

/** NDJSON lines, parsed. */
function lines(message: HttpMessage): Doc[] {
  expect(message.body.endsWith('\n')).toBe(true);
  return message.body
    .slice(0, -1)
    .split('\n')
    .map((l) => JSON.parse(l) as Doc);
}

function render(events: readonly DeliverableEvent[], c = config): HttpMessage {
  return elasticsearchOutput.render(events, c, GOLDEN_CONTEXT);
}

/** A corpus event with other output fields (and its exact JSON to match). */
function withFields(
  c: CorpusCase,
  fields: Record<string, unknown>,
  time?: string,
): DeliverableEvent {
  const event = {
    ...c.event.event,
    output_fields: fields as DeliverableEvent['event']['output_fields'],
    ...(time ? { time } : {}),
  };
  const { raw: _raw, ...stored } = event;
  return { ...c.event, event, eventJson: JSON.stringify(stored) };
}

function leafPaths(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => leafPaths(v, prefix ? `${prefix}.${k}` : k));
}

function mappedType(path: string): string | undefined {
  let node: Doc | undefined = documentMappings('elasticsearch');
  for (const part of path.split('.')) {
    node = (node?.['properties'] as Record<string, Doc> | undefined)?.[part];
  }
  return node?.['type'] as string | undefined;
}

describe('elasticsearch render over the Falco rules corpus', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s matches its golden file', (name, c) => {
    // As the engine does: the context links to the (first) event of the request.
    const ctx = {
      ...GOLDEN_CONTEXT,
      eventUrl: `https://aerie.example.com/#/events/${c.event.event.id}`,
    };
    const message = elasticsearchOutput.render([c.event], config, ctx);
    expectGolden(import.meta.url, name, { ...message, body: lines(message) });
  });

  it('renders a batch as NDJSON: a valid create action with the event id, then its document', () => {
    const message = render(cases.map((c) => c.event));
    expect(message).toMatchObject({
      method: 'POST',
      url: 'https://es.example.com:9200/_bulk?filter_path=took,errors,items.*._index,items.*._id,items.*.status,items.*.error.type,items.*.error.reason',
      headers: { 'content-type': 'application/x-ndjson', authorization: `ApiKey ${API_KEY}` },
    });
    expect(message.gzip).toBeUndefined();
    const parsed = lines(message);
    expect(parsed).toHaveLength(cases.length * 2);
    cases.forEach((c, i) => {
      const action = parsed[2 * i]!;
      expect(contract.action(action), JSON.stringify(contract.action.errors)).toBe(true);
      expect(action).toEqual({ create: { _index: 'falco-2026.05.01', _id: c.event.event.id } });
      const doc = parsed[2 * i + 1]!;
      expect(doc).toMatchObject({
        '@timestamp': '2026-05-01T10:00:00.123456789Z',
        event: {
          kind: 'alert',
          id: c.event.event.id,
          severity: eventSeverity(c.event.event.priority),
          url: `https://aerie.example.com/events/${c.event.event.id}`,
        },
        rule: { name: c.event.event.rule },
        aerie: { event_id: c.event.event.id, group_id: c.event.event.group_id },
      });
    });
  });

  it('maps every field it writes in the index template, with a matching type', () => {
    for (const c of cases) {
      const doc = lines(render([c.event]))[1]!;
      const { output_fields: fields, ...falco } = doc['falco'] as Doc;
      expect(fields, c.name).toEqual(expect.any(Object));
      expect(mappedType('falco.output_fields')).toBe('flattened');
      for (const path of leafPaths({ ...doc, falco })) {
        const type = mappedType(path);
        expect(type, `${c.name}: ${path}`).toBeDefined();
        const value = path.split('.').reduce<unknown>((v, k) => (v as Doc)[k], doc);
        const values = Array.isArray(value) ? (value as unknown[]) : [value];
        for (const v of values) {
          const expected = { long: 'number', boolean: 'boolean' }[type!] ?? 'string';
          expect(typeof v, `${c.name}: ${path}`).toBe(expected);
        }
      }
    }
  });

  it('puts the ECS fields where Elastic Security looks for them', () => {
    const shell = cases.find((c) => c.name === 'syscall-modify-shell-configuration-file')!;
    const doc = lines(render([shell.event]))[1]!;
    expect(doc).toMatchObject({
      host: { hostname: 'ip-10-0-10-40.eu-west-1.compute.internal' },
      orchestrator: {
        type: 'kubernetes',
        namespace: 'payments',
        cluster: { name: 'prod-eu-west-1' },
        resource: { type: 'pod', name: 'payments-api-7d9f8b6c5d-x2x7k' },
      },
      container: {
        id: '3f2a9c1b7d4e',
        image: { name: 'ghcr.io/acme/payments-api', tag: ['2.14.1'] },
      },
      process: { name: 'bash', executable: '/usr/bin/bash', command_line: 'bash -i' },
      user: { name: 'root', id: '0' },
      file: { path: '/etc/shadow' },
      threat: {
        framework: 'MITRE ATT&CK',
        technique: { id: ['T1546'], subtechnique: { id: ['T1546.004'] } },
      },
      tags: expect.arrayContaining(['T1546.004', 'container']),
      log: { level: 'warning' },
    });
  });

  it('keeps Falco’s dotted names whole in falco.output_fields, where they cannot collide', () => {
    const [c] = cases;
    const event = withFields(c!, {
      'k8s.ns.name': 'payments',
      'k8s.ns.name.foo': 'bar',
      'proc.aname[2]': 'containerd-shim',
    });
    const fields = (lines(render([event]))[1]!['falco'] as Doc)['output_fields'];
    expect(fields).toEqual({
      'k8s.ns.name': 'payments',
      'k8s.ns.name.foo': 'bar',
      'proc.aname[2]': 'containerd-shim',
    });
  });

  it('keeps the exact nanosecond evt.time (never a rounded double)', () => {
    const c = cases.find((x) => x.event.rawJson.includes('"evt.time":'))!;
    const body = render([c.event]).body;
    expect(body).toContain('"evt.time":1777629600123456789');
    expect(body).not.toContain('1777629600123456800');
  });

  it('copies only well-shaped values into typed ECS fields (ip, port, pid)', () => {
    const [c] = cases;
    const doc = lines(
      render([
        withFields(c!, {
          'fd.rip': '203.0.113.24',
          'fd.rport': 443,
          'fd.lip': '<NA>',
          'fd.lport': 'ssh',
          'fd.sip': '2001:db8::1',
          'fd.sport': '8443',
          'proc.pid': 'not-a-pid',
          'proc.ppid': 1,
          'fd.name': '10.0.0.1:5000->203.0.113.24:443',
          'fd.type': 'ipv4',
        }),
      ]),
    )[1]!;
    expect(doc['destination']).toEqual({ ip: '203.0.113.24', port: 443 });
    expect(doc['server']).toEqual({ ip: '2001:db8::1', port: 8443 });
    expect(doc['source']).toBeUndefined();
    expect(doc['process']).toEqual({ parent: { pid: 1 } });
    expect(doc['file']).toBeUndefined();
  });

  it('cuts huge values (under Lucene’s term limit) and keeps each document within its budget', () => {
    const huge = cases.find((c) => c.name === 'huge-field')!;
    const env = huge.event.event.output_fields['proc.env'] as string;
    const doc = lines(render([huge.event]))[1]!;
    const cut = (doc['falco'] as { output_fields: Record<string, string> }).output_fields[
      'proc.env'
    ]!;
    const [, kept, omitted] = /^(.*)… \((\d+) more characters in Aerie\)$/s.exec(cut)!;
    expect(cut.length).toBeLessThanOrEqual(8191);
    expect(env.startsWith(kept!)).toBe(true);
    expect(kept!.length + Number(omitted)).toBe(env.length);
    expect((doc['aerie'] as Doc)['truncated']).toBe(true);

    const many = Object.fromEntries(
      Array.from({ length: 100 }, (_, i) => [`f.${i}`, `${i}`.padEnd(9000, 'x')]),
    );
    const big = render([withFields(huge, many)]);
    const bigDoc = lines(big)[1]!;
    expect(Buffer.byteLength(big.body.split('\n')[1]!)).toBeLessThanOrEqual(DOC_MAX_BYTES);
    const values = Object.values(
      (bigDoc['falco'] as { output_fields: Record<string, string> }).output_fields,
    );
    expect(values.every((v) => v.length <= 1024)).toBe(true);
    expect((bigDoc['aerie'] as Doc)['truncated']).toBe(true);
  });

  it('names the index from the event time in UTC, whatever its offset', () => {
    const [c] = cases;
    const late = withFields(c!, {}, '2026-05-02T01:30:00.5+02:00');
    const [action, doc] = lines(render([late]));
    expect(action).toEqual({ create: { _index: 'falco-2026.05.01', _id: c!.event.event.id } });
    expect(doc!['@timestamp']).toBe('2026-05-02T01:30:00.5+02:00');
    const monthly = ElasticsearchConfigSchema.parse({
      url: 'http://es:9200',
      index: 'sec-%Y.%m-%%',
    });
    expect(lines(render([late], monthly))[0]).toEqual({
      create: { _index: 'sec-2026.05-%', _id: c!.event.event.id },
    });
    const odd = withFields(c!, {}, 'yesterday');
    expect(lines(render([odd]))[1]!['@timestamp']).toBe('2026-05-01T10:00:00.250Z');
  });

  it('writes to a data stream with create and @timestamp', () => {
    const stream = ElasticsearchConfigSchema.parse({
      url: 'http://es:9200',
      index: 'logs-falco-default',
      dataStream: true,
    });
    const [action, doc] = lines(render([cases[0]!.event], stream));
    expect(action).toEqual({
      create: { _index: 'logs-falco-default', _id: cases[0]!.event.event.id },
    });
    expect(doc!['@timestamp']).toEqual(expect.any(String));
  });

  it('links each event of a batch to itself, and only with an absolute URL', () => {
    const events = cases.slice(0, 3).map((c) => c.event);
    const docs = lines(render(events)).filter((_, i) => i % 2 === 1);
    expect(docs.map((d) => (d['event'] as Doc)['url'])).toEqual(
      events.map((e) => `https://aerie.example.com/events/${e.event.id}`),
    );
    const relative = elasticsearchOutput.render(events, config, {
      ...GOLDEN_CONTEXT,
      eventUrl: '/#/events/x',
    });
    expect(
      lines(relative)
        .filter((_, i) => i % 2 === 1)
        .map((d) => (d['event'] as Doc)['url']),
    ).toEqual([undefined, undefined, undefined]);
  });

  it('numbers severities as Elastic’s Falco integration does (higher is worse)', () => {
    expect(PRIORITIES.map((p) => eventSeverity(p))).toEqual([7, 6, 5, 4, 3, 2, 1, 0]);
  });
});

describe('elasticsearch settings', () => {
  const parse = (c: Record<string, unknown>) =>
    ElasticsearchConfigSchema.safeParse({ url: 'https://es:9200', ...c });
  const issues = (c: Record<string, unknown>) =>
    parse(c).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);

  it('sends basic auth, an API key as given or encoded from id:key, gzip, a pipeline, a path prefix', () => {
    const basic = ElasticsearchConfigSchema.parse({
      url: 'https://proxy.example.com/es/',
      username: 'aerie',
      password: 'p@ss:word',
      pipeline: 'falco+enrich',
      gzip: true,
    });
    const message = render([cases[0]!.event], basic);
    expect(message.headers['authorization']).toBe(
      `Basic ${Buffer.from('aerie:p@ss:word').toString('base64')}`,
    );
    expect(message.url).toMatch(
      /^https:\/\/proxy\.example\.com\/es\/_bulk\?filter_path=.*&pipeline=falco%2Benrich$/,
    );
    expect(message.gzip).toBe(true);
    const idKey = ElasticsearchConfigSchema.parse({
      url: 'https://es:9200',
      apiKey: 'VuaCfGcBCdbkQm-e5aOx:ui2lp2axTNmsyakw9tvNnw',
    });
    expect(render([cases[0]!.event], idKey).headers['authorization']).toBe(`ApiKey ${API_KEY}`);
  });

  it('refuses bad index names, half basic auth and credentials in the URL', () => {
    expect(issues({ index: 'Falco-%Y' })).toEqual(['index: must be lower case']);
    expect(issues({ index: 'falco-%y' })).toEqual([
      'index: unknown token %y (use %Y, %m, %d, %H or %% for a literal %)',
    ]);
    expect(issues({ index: 'falco-%' })).toEqual([
      'index: ends with a lone % (write %% for a literal %)',
    ]);
    expect(issues({ index: '_falco' })).toEqual(['index: must not start with -, _ or +']);
    expect(issues({ index: 'fal co' })).toEqual([
      'index: must not contain \\ / * ? " < > | space , # or :',
    ]);
    expect(issues({ index: 'logs-%Y', dataStream: true })).toEqual([
      'index: a data stream name takes no date pattern: the stream rolls over by itself',
    ]);
    // A form may send every setting: the API key then wins.
    const both = ElasticsearchConfigSchema.parse({
      url: 'https://es:9200',
      apiKey: API_KEY,
      username: 'u',
      password: 'p',
    });
    expect(render([cases[0]!.event], both).headers['authorization']).toBe(`ApiKey ${API_KEY}`);
    expect(issues({ username: 'u' })).toEqual([
      'password: basic auth needs both username and password',
    ]);
    expect(issues({ apiKey: 'k', headers: { Authorization: 'Bearer x' } })).toEqual([
      'headers: may not set Authorization beside apiKey or username/password',
    ]);
    expect(parse({ headers: { Authorization: 'Bearer service-token' } }).success).toBe(true);
    expect(parse({ url: 'https://elastic:secret@es:9200' }).success).toBe(false);
    expect(parse({ url: 'https://es:9200/?refresh=true' }).success).toBe(false);
    expect(elasticsearchOutput.secretFields).toEqual(['password', 'apiKey', 'headers']);
  });
});

describe('the index template in docs/outputs/elasticsearch.md', () => {
  const doc = readFileSync(
    new URL('../../../../../docs/outputs/elasticsearch.md', import.meta.url),
    'utf8',
  );
  const blocks = [...doc.matchAll(/```json\n([\s\S]*?)```/g)].map(
    (m) => JSON.parse(m[1]!) as unknown,
  );

  it('is the one the plugin’s documents need, for Elasticsearch and for OpenSearch', () => {
    const elastic = indexTemplate('elasticsearch', 'falco-%Y.%m.%d', false);
    expect(blocks).toContainEqual(elastic);
    // The page gives OpenSearch's two differences in words.
    const open = JSON.stringify(elastic)
      .replace('{"type":"match_only_text"}', '{"type":"text"}')
      .replace('{"type":"flattened","ignore_above":8191}', '{"type":"flat_object"}');
    expect(indexTemplate('opensearch', 'falco-%Y.%m.%d', false)).toEqual(JSON.parse(open));
    expect(doc).toContain('`"message": { "type": "text" }`');
    expect(doc).toContain('`"output_fields": { "type": "flat_object" }`');
    expect(indexTemplate('elasticsearch', 'logs-falco-default', true)).toMatchObject({
      index_patterns: ['logs-falco-default'],
      data_stream: {},
    });
  });
});

describe('Falcosidekick’s Elasticsearch settings', () => {
  it('become an elasticsearch output the plugin accepts', () => {
    const { outputs, warnings } = outputsFromFalcosidekick(
      {
        env: {
          ELASTICSEARCH_HOSTPORT: 'https://elastic:s3cr%40t@es.example.com:9200',
          ELASTICSEARCH_INDEX: 'falco',
          ELASTICSEARCH_SUFFIX: 'monthly',
          ELASTICSEARCH_TYPE: '_doc',
          ELASTICSEARCH_PIPELINE: 'falco-enrich',
          ELASTICSEARCH_ENABLECOMPRESSION: 'true',
          ELASTICSEARCH_CUSTOMHEADERS: 'X-Tenant:sec',
          ELASTICSEARCH_MINIMUMPRIORITY: 'warning',
          ELASTICSEARCH_FLATTENFIELDS: 'true',
          ELASTICSEARCH_BATCHING_BATCHSIZE: '5242880',
        },
      },
      { plugins: OUTPUT_PLUGINS },
    );
    expect(outputs).toEqual([
      {
        type: 'elasticsearch',
        name: 'elasticsearch',
        config: {
          url: 'https://es.example.com:9200',
          username: 'elastic',
          password: 's3cr@t',
          index: 'falco-%Y.%m',
          pipeline: 'falco-enrich',
          gzip: true,
          headers: { 'X-Tenant': 'sec' },
        },
        route: { min_priority: 'warning' },
      },
    ]);
    expect(warnings).toEqual([
      "elasticsearch.flattenfields (ELASTICSEARCH_FLATTENFIELDS): not needed: Aerie keeps Falco's field names in falco.output_fields, a flattened field",
    ]);
    expect(warnings.join('\n')).not.toContain('s3cr');
  });

  it('imports an API key (it wins over basic credentials), the default daily index, and warns on what Aerie does not do', () => {
    const { outputs, warnings } = outputsFromFalcosidekick(
      {
        configYaml: {
          elasticsearch: {
            hostport: 'http://es:9200',
            apikey: 'SECRETkey',
            username: 'elastic',
            password: 'SECRETpw',
            type: 'event',
            suffix: 'weekly',
            createindextemplate: true,
          },
        },
      },
      { plugins: OUTPUT_PLUGINS },
    );
    expect(outputs[0]?.config).toEqual({
      url: 'http://es:9200',
      apiKey: 'SECRETkey',
      index: 'falco-%Y.%m.%d',
    });
    expect(warnings).toEqual([
      'elasticsearch.suffix (ELASTICSEARCH_SUFFIX) is not daily, monthly, annually or none: imported as daily',
      'elasticsearch.apikey (ELASTICSEARCH_APIKEY) and basic auth credentials are both set: imported with the API key only',
      'elasticsearch.type (ELASTICSEARCH_TYPE): mapping types are gone since Elasticsearch 7; Aerie writes typeless `_bulk`',
      'elasticsearch.createindextemplate (ELASTICSEARCH_CREATEINDEXTEMPLATE): Aerie does not create templates: install the one in docs/outputs/elasticsearch.md (its shards and replicas are yours to set)',
    ]);
    expect(warnings.join('\n')).not.toContain('SECRET');
  });
});
