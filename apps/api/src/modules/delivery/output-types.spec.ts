import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OutputTypeInfoSchema, type OutputTypeInfo } from '@aerie/contracts';
import { OUTPUT_PLUGINS } from '@aerie/outputs';
import { call } from '../../test-support/http.js';
import { useTestApp } from '../../test-support/test-app.js';
import { MASK } from '../secrets/mask.js';

/**
 * The forms of the Outputs page are generated from `GET /api/v1/output-types`: whatever those
 * schemas describe must be what `POST /api/v1/outputs` takes, type by type.
 */

const testApp = useTestApp();
const REPO = join(import.meta.dirname, '..', '..', '..', '..', '..');

type Json = Record<string, unknown>;

/**
 * Values for required settings whose `pattern` a generic generator cannot satisfy, by
 * `type.field`. A new plugin with such a setting fails below until it has one here.
 */
const PATTERN_SAMPLES: Record<string, string> = {
  'loki.tenant': 'security',
  'loki.username': '123456',
  'loki.bearerToken': 'glc_token',
  'sentinel.tenantId': '72f988bf-86f1-41af-91ab-2d7cd011db47',
  'sentinel.clientId': '0b3e5f1a-7c2d-4e8f-9a6b-1c2d3e4f5a6b',
  'sentinel.dcrImmutableId': 'dcr-00112233445566778899aabbccddeeff',
  'pagerduty.routingKey': 'a'.repeat(32),
  'webhook.secret': `whsec_${Buffer.alloc(32, 7).toString('base64')}`,
  'splunk.token': '8f14e45f-ceea-467a-9a4e-5e0c8c1a2b3d',
  'splunk.index': 'falco',
  'splunk.channel': 'd8a3c8e0-1b2c-4d5e-8f90-a1b2c3d4e5f6',
  'elasticsearch.pipeline': 'falco-enrich',
  'elasticsearch.username': 'aerie',
  'syslog.host': 'syslog.example.com',
  'syslog.hostname': 'aerie-1',
  'elasticsearch.apiKey': 'VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==',
};

/** A value the schema allows for `name`, as a form filled with defaults and samples would. */
function sample(type: string, name: string, schema: Json): unknown {
  if ('default' in schema) return schema['default'];
  const choices = schema['enum'] as unknown[] | undefined;
  if (choices) return choices[0];
  if (schema['format'] === 'uri') return `http://127.0.0.1:9/${type}`;
  if (typeof schema['pattern'] === 'string') {
    const value = PATTERN_SAMPLES[`${type}.${name}`];
    if (value === undefined) throw new Error(`add a PATTERN_SAMPLES entry for ${type}.${name}`);
    return value;
  }
  switch (schema['type']) {
    case 'array':
      return [sample(type, name, schema['items'] as Json)];
    case 'integer':
    case 'number':
      return (schema['minimum'] as number | undefined) ?? 1;
    case 'boolean':
      return false;
    case 'object':
      return {};
    default:
      return 'x';
  }
}

/** The settings: only the required ones, or every one the schema lists. */
function settings(info: OutputTypeInfo, which: 'required' | 'all'): Json {
  const config = (info.schema['properties'] as Record<string, Json>)['config']!;
  const properties = config['properties'] as Record<string, Json>;
  const names =
    which === 'all'
      ? Object.keys(properties)
      : ((config['required'] as string[] | undefined) ?? []);
  return Object.fromEntries(names.map((n) => [n, sample(info.type, n, properties[n]!)]));
}

async function types(): Promise<OutputTypeInfo[]> {
  const res = await call(
    testApp.app().url,
    'GET',
    '/api/v1/output-types',
    testApp.app().adminToken,
  );
  expect(res.status, res.text).toBe(200);
  return (res.body as { items: unknown[] }).items.map((i) => OutputTypeInfoSchema.parse(i));
}

async function create(body: Json) {
  return call(testApp.app().url, 'POST', '/api/v1/outputs', testApp.app().adminToken, body);
}

describe('GET /api/v1/output-types', () => {
  it('lists every plugin with the schema of its whole definition, secrets writeOnly', async () => {
    const items = await types();
    expect(items.map((i) => i.type)).toEqual([...OUTPUT_PLUGINS.keys()]);
    for (const info of items) {
      const plugin = OUTPUT_PLUGINS.get(info.type)!;
      expect(info).toMatchObject({ title: plugin.title, description: plugin.description });
      expect(info.secret_fields).toEqual(plugin.secretFields);
      expect(existsSync(join(REPO, info.docs!)), info.docs).toBe(true);
      const top = info.schema['properties'] as Record<string, Json>;
      expect(Object.keys(top)).toEqual(['name', 'type', 'enabled', 'config', 'route', 'delivery']);
      expect(info.schema['required']).toEqual(['name', 'type', 'config']);
      expect(top['type']).toMatchObject({ const: info.type });
      const config = top['config']!['properties'] as Record<string, Json>;
      for (const field of info.secret_fields) expect(config[field]?.['writeOnly']).toBe(true);
      const open = Object.keys(config).filter((f) => !info.secret_fields.includes(f));
      expect(open.every((f) => config[f]!['writeOnly'] === undefined)).toBe(true);
      expect(top['route']!['properties']).toHaveProperty('min_priority');
      expect(top['delivery']!['properties']).toHaveProperty('timeoutMs');
    }
  });

  it('is for admins', async () => {
    const res = await call(testApp.app().url, 'GET', '/api/v1/output-types', undefined);
    expect(res.status).toBe(401);
  });
});

describe('POST /api/v1/outputs takes what the schema describes', () => {
  it('accepts the required settings alone, and every setting the schema lists', async () => {
    for (const info of await types()) {
      for (const which of ['required', 'all'] as const) {
        const name = `${info.type}-${which}`;
        const res = await create({ name, type: info.type, config: settings(info, which) });
        expect(res.status, `${name}: ${res.text}`).toBe(201);
        // Answers never echo a secret: a form shows the mask, and sends it back to keep it.
        const config = (res.body as { config: Json }).config;
        for (const field of info.secret_fields) {
          if (field in config) expect(config[field], `${name}.${field}`).toBe(MASK);
        }
      }
    }
  });

  it('refuses a missing required setting and a value outside an enum, naming the field', async () => {
    for (const info of await types()) {
      const valid = settings(info, 'required');
      const [first] = Object.keys(valid);
      const missing = await create({
        name: `${info.type}-missing`,
        type: info.type,
        config: { ...valid, [first!]: undefined },
      });
      expect(missing.status, missing.text).toBe(400);
      expect((missing.body as { issues: Array<{ field: string }> }).issues).toContainEqual(
        expect.objectContaining({ field: `config.${first}` }),
      );

      const properties = (info.schema['properties'] as Record<string, Json>)['config']![
        'properties'
      ] as Record<string, Json>;
      const enumField = Object.keys(properties).find((f) => properties[f]!['enum']);
      if (enumField === undefined) continue;
      const outside = await create({
        name: `${info.type}-enum`,
        type: info.type,
        config: { ...valid, [enumField]: 'not-a-choice' },
      });
      expect(outside.status, outside.text).toBe(400);
      expect((outside.body as { issues: Array<{ field: string }> }).issues).toContainEqual(
        expect.objectContaining({ field: `config.${enumField}` }),
      );
    }
  });

  it('takes a route and a delivery policy as their schemas describe them', async () => {
    const [info] = await types();
    const config = settings(info!, 'required');
    const route = {
      min_priority: 'warning',
      namespaces: ['payments-*'],
      not: { rules: ['Noisy*'] },
    };
    const ok = await create({
      name: 'routed',
      type: info!.type,
      config,
      route,
      delivery: { timeoutMs: 5000, tls: { insecureSkipVerify: false } },
    });
    expect(ok.status, ok.text).toBe(201);
    expect((ok.body as { route: unknown }).route).toEqual(route);

    const fields = async (body: Json) => {
      const res = await create({ name: 'refused', type: info!.type, config, ...body });
      expect(res.status, res.text).toBe(400);
      return (res.body as { issues: Array<{ field: string }> }).issues.map((i) => i.field);
    };
    expect(await fields({ route: { min_priority: 'loud' } })).toEqual(['route.min_priority']);
    expect(await fields({ route: { region: 'eu' } })).toEqual(['route']);
    expect(await fields({ delivery: { timeoutMs: 5 } })).toEqual(['delivery.timeoutMs']);
  });
});
