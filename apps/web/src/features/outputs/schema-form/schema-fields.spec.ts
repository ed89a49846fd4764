import { describe, expect, it } from 'vitest';
import { SLACK } from '../fixtures/output-types';
import { readSchema } from './json-schema';
import { humanize, schemaFields, type FieldSpec } from './schema-fields';

const kinds = (fields: readonly FieldSpec[]): unknown =>
  fields.map((f) => (f.kind === 'group' ? [f.key, kinds(f.fields)] : `${f.key}:${f.kind}`));

describe('humanize', () => {
  it('turns property names into labels', () => {
    expect(
      ['webhookUrl', 'min_priority', 'timeoutMs', 'caFile', 'expiresAfterSeconds', 'ms'].map(
        humanize,
      ),
    ).toEqual([
      'Webhook URL',
      'Min priority',
      'Timeout (ms)',
      'CA file',
      'Expires after seconds',
      'Ms',
    ]);
  });
});

describe('schemaFields', () => {
  it("maps a whole output definition's schema to controls, keyed by path", () => {
    const fields = schemaFields(readSchema(SLACK.schema));
    expect(kinds(fields)).toEqual([
      'name:text',
      'type:text',
      'enabled:boolean',
      [
        'config',
        [
          'config.webhookUrl:text',
          'config.headers:map',
          'config.channel:text',
          'config.outputFormat:enum',
          'config.messageFormat:text',
        ],
      ],
      [
        'route',
        [
          'route.min_priority:enum',
          'route.boundaries:choices',
          'route.rules:list',
          'route.namespaces:list',
          'route.tags:json',
          'route.team:text',
        ],
      ],
      [
        'delivery',
        [
          'delivery.timeoutMs:number',
          'delivery.ratePerSecond:number',
          ['delivery.tls', ['delivery.tls.caFile:text', 'delivery.tls.insecureSkipVerify:boolean']],
        ],
      ],
    ]);
  });

  it('reads required, defaults, descriptions, bounds and secrets', () => {
    const fields = schemaFields(readSchema(SLACK.schema));
    const config = fields.find((f) => f.key === 'config');
    if (config?.kind !== 'group') throw new Error('config is a group');
    expect(config.required).toBe(true);
    expect(config.fields[0]).toMatchObject({
      kind: 'text',
      label: 'Webhook URL',
      required: true,
      secret: true,
      url: true,
      path: ['config', 'webhookUrl'],
      help: 'The incoming webhook URL (a secret).',
    });
    expect(config.fields[1]).toMatchObject({ kind: 'map', secret: true, default: {} });
    expect(config.fields[3]).toMatchObject({
      kind: 'enum',
      options: ['all', 'text', 'fields'],
      default: 'all',
      required: false,
    });
    const delivery = fields.find((f) => f.key === 'delivery');
    if (delivery?.kind !== 'group') throw new Error('delivery is a group');
    expect(delivery.fields[0]).toMatchObject({
      kind: 'number',
      integer: true,
      min: 100,
      max: 120000,
      default: 10000,
    });
    expect(delivery.fields[1]).toMatchObject({ kind: 'number', integer: false });
  });

  it('marks secrets the schema does not mark from the listed paths, with a prefix', () => {
    const fields = schemaFields(
      readSchema({
        type: 'object',
        properties: {
          token: { type: 'string' },
          auth: { type: 'object', properties: { password: { type: 'string' } } },
          flags: { type: ['string', 'null'], 'x-secret': true },
        },
      }),
      { prefix: 'config', secretPaths: ['token', 'auth.password'] },
    );
    expect(fields).toMatchObject([
      { key: 'config.token', secret: true },
      {
        key: 'config.auth',
        kind: 'group',
        fields: [{ key: 'config.auth.password', secret: true }],
      },
      { key: 'config.flags', kind: 'text', secret: true },
    ]);
  });

  it('falls back to a JSON box for what it cannot render, and a secret object is one box', () => {
    const fields = schemaFields(
      readSchema({
        type: 'object',
        properties: {
          matrix: { type: 'array', items: { type: 'array', items: { type: 'string' } } },
          either: { anyOf: [{ type: 'string' }, { type: 'number' }] },
          creds: { type: 'object', writeOnly: true, properties: { user: { type: 'string' } } },
        },
      }),
    );
    expect(fields.map((f) => f.kind)).toEqual(['json', 'json', 'json']);
  });
});
