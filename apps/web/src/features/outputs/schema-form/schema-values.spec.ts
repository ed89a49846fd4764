import { describe, expect, it } from 'vitest';
import { ALERTMANAGER, SLACK } from '../fixtures/output-types';
import { readSchema } from './json-schema';
import { schemaFields } from './schema-fields';
import { collectValues, initialValues, storedSecretKeys } from './schema-values';

const slack = schemaFields(readSchema(SLACK.schema)).filter((f) => f.key !== 'type');
const alertmanager = schemaFields(readSchema(ALERTMANAGER.schema)).filter((f) => f.key !== 'type');

describe('initialValues', () => {
  it('starts a new object from the defaults', () => {
    expect(initialValues(slack)).toMatchObject({
      name: '',
      enabled: true,
      'config.webhookUrl': '',
      'config.headers': '',
      'config.outputFormat': 'all',
      'route.boundaries': '',
      'delivery.timeoutMs': '10000',
      'delivery.tls.insecureSkipVerify': false,
    });
  });

  it('shows an existing object as text, but never its secrets', () => {
    const current = {
      name: 'slack-soc',
      enabled: false,
      config: { webhookUrl: '********', headers: '********', channel: '#soc' },
      route: { boundaries: ['network', 'host'], tags: { all: ['a'] } },
      delivery: { timeoutMs: 5000 },
    };
    const values = initialValues(slack, current);
    expect(values).toMatchObject({
      name: 'slack-soc',
      enabled: false,
      'config.webhookUrl': '',
      'config.headers': '',
      'config.channel': '#soc',
      'config.outputFormat': '',
      'route.boundaries': 'network\nhost',
      'route.tags': '{\n  "all": [\n    "a"\n  ]\n}',
      'delivery.timeoutMs': '5000',
    });
    expect(JSON.stringify(values)).not.toContain('****');
    expect([...storedSecretKeys(slack, current)]).toEqual(['config.webhookUrl', 'config.headers']);
  });
});

describe('collectValues', () => {
  it('builds the object: numbers, lines, maps, JSON; empty optional boxes left out', () => {
    const values = {
      ...initialValues(alertmanager),
      name: 'am',
      'config.hosts': 'http://am-0:9093\n\n  http://am-1:9093 ',
      'config.expiresAfterSeconds': '600',
      'config.extraLabels': 'team: payments\nurl: http://x:1/y',
      'route.rules': 'Terminal shell*',
      'route.tags': '{"all": ["container"]}',
      'delivery.ratePerSecond': '0.5',
    };
    expect(collectValues(alertmanager, values)).toEqual({
      issues: [],
      value: {
        name: 'am',
        enabled: true,
        config: {
          hosts: ['http://am-0:9093', 'http://am-1:9093'],
          endpoint: '/api/v2/alerts',
          expiresAfterSeconds: 600,
          extraLabels: { team: 'payments', url: 'http://x:1/y' },
        },
        route: { rules: ['Terminal shell*'], tags: { all: ['container'] } },
        delivery: { timeoutMs: 10000, ratePerSecond: 0.5, tls: { insecureSkipVerify: false } },
      },
    });
  });

  it('names what is wrong before sending', () => {
    const values = {
      ...initialValues(alertmanager),
      'config.expiresAfterSeconds': '1.5',
      'config.extraLabels': 'team: payments\nno separator',
      'route.tags': '{"all": [',
      'delivery.timeoutMs': 'soon',
    };
    expect(collectValues(alertmanager, values).issues).toEqual([
      { field: 'name', message: 'is required' },
      { field: 'config.hosts', message: 'is required' },
      { field: 'config.expiresAfterSeconds', message: 'must be a whole number' },
      { field: 'config.extraLabels', message: 'line 2: write it as "name: value"' },
      { field: 'route.tags', message: 'must be valid JSON' },
      { field: 'delivery.timeoutMs', message: 'must be a number' },
    ]);
  });

  it('sends a stored secret back masked when its box is left empty, and a typed one as typed', () => {
    const stored = {
      config: { webhookUrl: '********', headers: '********' },
      route: { rules: ['x'] },
      delivery: {},
    };
    const values = { ...initialValues(slack, stored), name: 'slack-soc', 'route.rules': '' };
    const kept = collectValues(slack, values, stored);
    expect(kept.issues).toEqual([]);
    expect(kept.value['config']).toEqual({ webhookUrl: '********', headers: '********' });
    // A route emptied on purpose is sent empty (it replaces the stored one).
    expect(kept.value['route']).toEqual({});

    const replaced = collectValues(
      slack,
      { ...values, 'config.webhookUrl': 'https://hooks.slack.com/services/T/B/new' },
      stored,
    );
    expect(replaced.value['config']).toMatchObject({
      webhookUrl: 'https://hooks.slack.com/services/T/B/new',
    });
  });
});
