import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { AlertmanagerConfigSchema } from '../plugins/alertmanager/alertmanager.config.js';
import { OUTPUT_PLUGINS as PLUGINS } from '../registry.js';
import { RouteSchema } from '../routing/route.schema.js';
import { outputsFromFalcosidekick, type ImportedOutput } from './falcosidekick.compat.js';

const SECRETS = {
  slack: 'https://hooks.slack.com/services/T0001/B0001/SECRETslackXYZ',
  teams: 'https://contoso.webhook.office.com/webhookb2/SECRETteamsXYZ',
  pagerduty: 'SECRETpdKEY0123456789abcdefABCDE',
  alertmanager: 'http://aerie:SECRETamPW@am-1:9093',
  webhookHeader: 'Bearer SECRETtoken:with:colons',
  webhook: 'https://hooks.example.com/falco?key=SECRETwebhookXYZ',
};

/** A full Falcosidekick environment, as a Helm chart would set it. */
const ENV = {
  SLACK_WEBHOOKURL: SECRETS.slack,
  SLACK_MINIMUMPRIORITY: 'warning',
  SLACK_OUTPUTFORMAT: 'Text',
  SLACK_MESSAGEFORMAT: 'Alert: rule *{{ .Rule }}* by {{ index .OutputFields "user.name" }}',
  SLACK_USERNAME: 'Falco',
  SLACK_ICON: 'https://example.com/falco.png',
  SLACK_CHANNEL: '#alerts',
  TEAMS_WEBHOOKURL: SECRETS.teams,
  TEAMS_OUTPUTFORMAT: 'facts',
  TEAMS_ACTIVITYIMAGE: 'https://example.com/falco.png',
  TEAMS_MINIMUMPRIORITY: 'error',
  PAGERDUTY_ROUTINGKEY: SECRETS.pagerduty,
  PAGERDUTY_REGION: 'US',
  PAGERDUTY_MINIMUMPRIORITY: 'critical',
  ALERTMANAGER_HOSTPORT: `${SECRETS.alertmanager}, http://am-2:9093 ,`,
  ALERTMANAGER_ENDPOINT: '/api/v2/alerts',
  ALERTMANAGER_EXPIRESAFTER: '600',
  ALERTMANAGER_EXTRALABELS: 'team:security, env:prod',
  ALERTMANAGER_EXTRAANNOTATIONS: 'runbook:https://runbooks.example.com/falco',
  ALERTMANAGER_MINIMUMPRIORITY: 'notice',
  WEBHOOK_ADDRESS: SECRETS.webhook,
  WEBHOOK_METHOD: 'put',
  WEBHOOK_CUSTOMHEADERS: `Authorization:${SECRETS.webhookHeader},X-Source:falco`,
  WEBHOOK_MINIMUMPRIORITY: '',
  PATH: '/usr/bin',
};

const EXPECTED: ImportedOutput[] = [
  {
    type: 'slack',
    name: 'slack',
    config: {
      webhookUrl: SECRETS.slack,
      channel: '#alerts',
      username: 'Falco',
      icon: 'https://example.com/falco.png',
      outputFormat: 'text',
      messageFormat: 'Alert: rule *{{ .Rule }}* by {{ index .OutputFields "user.name" }}',
    },
    route: { min_priority: 'warning' },
  },
  {
    type: 'teams',
    name: 'teams',
    config: {
      webhookUrl: SECRETS.teams,
      activityImage: 'https://example.com/falco.png',
      outputFormat: 'facts',
      mode: 'messagecard',
    },
    route: { min_priority: 'error' },
  },
  {
    type: 'pagerduty',
    name: 'pagerduty',
    config: { routingKey: SECRETS.pagerduty, region: 'us' },
    route: { min_priority: 'critical' },
  },
  {
    type: 'alertmanager',
    name: 'alertmanager',
    config: {
      hosts: [SECRETS.alertmanager, 'http://am-2:9093'],
      endpoint: '/api/v2/alerts',
      expiresAfterSeconds: 600,
      extraLabels: { team: 'security', env: 'prod' },
      extraAnnotations: { runbook: 'https://runbooks.example.com/falco' },
    },
    route: { min_priority: 'notice' },
  },
  {
    type: 'webhook',
    name: 'webhook',
    config: {
      url: SECRETS.webhook,
      method: 'PUT',
      payload: 'falco',
      headers: { Authorization: SECRETS.webhookHeader, 'X-Source': 'falco' },
    },
    route: {},
  },
];

const TEAMS_CONNECTOR_WARNING =
  'teams.webhookurl (TEAMS_WEBHOOKURL) is an Office 365 connector, which Microsoft is retiring: imported with mode messagecard; move to a Workflows webhook and mode workflows';

/** The same deployment as a Falcosidekick config.yaml (keys in any case, as Viper reads them). */
const YAML = `
slack:
  webhookurl: "${SECRETS.slack}"
  minimumpriority: warning
  outputformat: Text
  messageformat: 'Alert: rule *{{ .Rule }}* by {{ index .OutputFields "user.name" }}'
  username: Falco
  icon: https://example.com/falco.png
  channel: "#alerts"
teams:
  webhookURL: "${SECRETS.teams}"
  outputformat: facts
  activityimage: https://example.com/falco.png
  minimumpriority: error
pagerduty:
  routingKey: "${SECRETS.pagerduty}"
  region: US
  minimumpriority: critical
alertmanager:
  hostport: "${SECRETS.alertmanager}, http://am-2:9093 ,"
  endpoint: /api/v2/alerts
  expiresafter: 600
  extralabels: "team:security, env:prod"
  extraannotations: "runbook:https://runbooks.example.com/falco"
  minimumpriority: notice
webhook:
  address: "${SECRETS.webhook}"
  method: put
  customHeaders:
    Authorization: "${SECRETS.webhookHeader}"
    X-Source: falco
  minimumpriority: ""
kafka:
  hostport: ""
`;

function lowerCaseHeaders(o: ImportedOutput): ImportedOutput {
  // Viper lower-cases YAML mapping keys, header names included (harmless: HTTP ignores case).
  if (o.type !== 'webhook') return o;
  return {
    ...o,
    config: {
      ...o.config,
      headers: { authorization: SECRETS.webhookHeader, 'x-source': 'falco' },
    },
  };
}

describe('outputsFromFalcosidekick', () => {
  it('maps the environment of the five supported outputs', () => {
    const result = outputsFromFalcosidekick({ env: ENV });
    expect(result.outputs).toEqual(EXPECTED);
    expect(result.warnings).toEqual([TEAMS_CONNECTOR_WARNING]);
  });

  it('maps the same settings from a config.yaml', () => {
    const result = outputsFromFalcosidekick({ configYaml: parse(YAML) });
    expect(result.outputs).toEqual(EXPECTED.map(lowerCaseHeaders));
    expect(result.warnings, 'an empty kafka.hostport enables nothing').toEqual([
      TEAMS_CONNECTOR_WARNING,
    ]);
  });

  it('gives configs every plugin accepts, and routes the route schema accepts', () => {
    for (const output of outputsFromFalcosidekick({ env: ENV }).outputs) {
      const schema = PLUGINS.get(output.type)?.configSchema;
      expect(schema?.safeParse(output.config).error, output.type).toBeUndefined();
      expect(schema, output.type).toBeDefined();
      expect(RouteSchema.safeParse(output.route).success).toBe(true);
    }
    const checked = outputsFromFalcosidekick({ env: ENV }, { plugins: PLUGINS });
    expect(checked.outputs).toEqual(EXPECTED);
  });

  it('lets a non-empty environment variable override the file, as Falcosidekick does', () => {
    const result = outputsFromFalcosidekick({
      configYaml: parse(YAML),
      env: { SLACK_MINIMUMPRIORITY: 'critical', SLACK_USERNAME: '', PAGERDUTY_REGION: 'eu' },
    });
    const byType = new Map(result.outputs.map((o) => [o.type, o]));
    expect(byType.get('slack')?.route).toEqual({ min_priority: 'critical' });
    expect(byType.get('slack')?.config['username'], 'an empty variable does not override').toBe(
      'Falco',
    );
    expect(byType.get('pagerduty')?.config['region']).toBe('eu');
    expect(result.warnings).toContainEqual(expect.stringMatching(/^pagerduty\.region .*"eu"/));
  });

  it('imports an output only when its enabling key is set', () => {
    expect(
      outputsFromFalcosidekick({
        env: { SLACK_USERNAME: 'Falco', SLACK_WEBHOOKURL: '  ', TEAMS_MINIMUMPRIORITY: 'error' },
        configYaml: { webhook: { address: '' }, pagerduty: { routingkey: null } },
      }),
    ).toEqual({ outputs: [], warnings: [] });
  });

  it('reads minimumpriority as Falcosidekick does', () => {
    const route = (value: string) => {
      const { outputs, warnings } = outputsFromFalcosidekick({
        env: { WEBHOOK_ADDRESS: 'http://sink', WEBHOOK_MINIMUMPRIORITY: value },
      });
      return { route: outputs[0]?.route, warnings };
    };
    expect(route('')).toEqual({ route: {}, warnings: [] });
    expect(route('debug')).toEqual({ route: {}, warnings: [] });
    expect(route('Emergency')).toEqual({ route: { min_priority: 'emergency' }, warnings: [] });
    expect(route('informational')).toEqual({
      route: { min_priority: 'informational' },
      warnings: [],
    });
    // Falcosidekick's check knows only full names: `info` and `warn` send everything.
    expect(route('info')).toEqual({
      route: {},
      warnings: [
        'webhook.minimumpriority (WEBHOOK_MINIMUMPRIORITY) "info" is not a priority name Falcosidekick knows, so it sent every event; imported as no minimum (set route.min_priority: informational if that was meant)',
      ],
    });
    expect(route('warn').warnings[0]).toMatch(/route\.min_priority: warning if that was meant/);
    expect(route('loud').warnings[0]).toMatch(/imported as no minimum$/);
  });

  it('keeps every Alertmanager host in one output, and warns about what it cannot take', () => {
    const { outputs, warnings } = outputsFromFalcosidekick({
      env: {
        ALERTMANAGER_HOSTPORT: 'http://am-1:9093,http://am-2:9093,http://am-3:9093',
        ALERTMANAGER_ENDPOINT: 'api/v1/alerts',
        ALERTMANAGER_EXTRALABELS: 'ok:1,bad-name:x,empty:,alone',
        ALERTMANAGER_CUSTOMSEVERITYMAP: 'debug:info',
        ALERTMANAGER_EXPIRESAFTER: '0',
        ALERTMANAGER_CUSTOMHEADERS: 'X-Scope-OrgID:tenant-1',
      },
    });
    expect(outputs).toEqual([
      {
        type: 'alertmanager',
        name: 'alertmanager',
        config: {
          hosts: ['http://am-1:9093', 'http://am-2:9093', 'http://am-3:9093'],
          endpoint: '/api/v1/alerts',
          extraLabels: { ok: '1' },
          headers: { 'X-Scope-OrgID': 'tenant-1' },
        },
        route: {},
      },
    ]);
    expect(AlertmanagerConfigSchema.safeParse(outputs[0]?.config).success).toBe(true);
    expect(warnings).toEqual([
      'alertmanager.customseveritymap (ALERTMANAGER_CUSTOMSEVERITYMAP) is not supported; not imported',
      "alertmanager.endpoint (ALERTMANAGER_ENDPOINT) points at the v1 API, which Alertmanager 0.27 removed; use /api/v2/alerts (Aerie's default) unless your Alertmanager is older",
      'alertmanager.extralabels (ALERTMANAGER_EXTRALABELS): item(s) 4 are not "name:value" and were skipped',
      'alertmanager.extralabels (ALERTMANAGER_EXTRALABELS): label 2 has an invalid name (not [a-zA-Z_][a-zA-Z0-9_]*); skipped',
      'alertmanager.extralabels (ALERTMANAGER_EXTRALABELS): label "empty" has no value; skipped',
    ]);
  });

  it('names each unsupported output in a warning, never failing', () => {
    const { outputs, warnings } = outputsFromFalcosidekick({
      env: {
        DISCORD_WEBHOOKURL: 'https://discord.com/api/webhooks/SECRET',
        QUICKWIT_HOSTPORT: 'http://quickwit:7280',
      },
      configYaml: {
        aws: { lambda: { functionname: 'falco-handler' } },
        policyreport: { enabled: false },
        webui: { url: 'http://falcosidekick-ui:2802' },
        elasticsearch: { hostport: '' },
      },
    });
    expect(outputs).toEqual([]);
    expect(warnings).toEqual([
      'not supported yet: discord (discord.webhookurl (DISCORD_WEBHOOKURL) is set); not imported',
      'not supported yet: quickwit (quickwit.hostport (QUICKWIT_HOSTPORT) is set); not imported',
      'not supported yet: awslambda (aws.lambda.functionname (AWS_LAMBDA_FUNCTIONNAME) is set); not imported',
      "webui: Aerie's own dashboard replaces Falcosidekick-UI; webui.url (WEBUI_URL) not imported",
    ]);
  });

  it("points global settings at Aerie's own keys", () => {
    const { warnings } = outputsFromFalcosidekick({
      env: { CUSTOMFIELDS: 'cluster:%CLUSTER_NAME', LISTENPORT: '2801' },
      configYaml: { customtags: 'eu', bracketreplacer: '_', listenport: 2802 },
    });
    expect(warnings).toEqual([
      'customfields (CUSTOMFIELDS): custom fields are added at ingest in Aerie: set ingest.customFields (or AERIE_CUSTOM_FIELDS); not imported',
      'customtags (CUSTOMTAGS): custom tags are added at ingest in Aerie: set ingest.customTags (or AERIE_CUSTOM_TAGS); not imported',
      'bracketreplacer (BRACKETREPLACER): Aerie keeps output field names as Falco sends them',
    ]);
    const fromYaml = outputsFromFalcosidekick({
      configYaml: { customfields: { cluster: 'prod' } },
    });
    expect(fromYaml.warnings[0]).toMatch(/^customfields \(CUSTOMFIELDS\): .*ingest\.customFields/);
  });

  it('maps checkcert, mutualtls and maxconcurrentrequests to delivery settings', () => {
    const { outputs, warnings } = outputsFromFalcosidekick({
      env: {
        WEBHOOK_ADDRESS: 'https://sink',
        WEBHOOK_CHECKCERT: 'false',
        WEBHOOK_MAXCONCURRENTREQUESTS: '8',
        SLACK_WEBHOOKURL: 'https://hooks.slack.com/services/x',
        SLACK_MUTUALTLS: 'true',
        SLACK_CHECKCERT: 'false',
        MUTUALTLSFILESPATH: '/certs/',
        ALERTMANAGER_HOSTPORT: 'https://am:9093',
        ALERTMANAGER_MAXCONCURRENTREQUESTS: '0',
        TLSCLIENT_CACERTFILE: '/ca/extra.crt',
      },
    });
    const delivery = Object.fromEntries(outputs.map((o) => [o.type, o.delivery]));
    expect(delivery).toEqual({
      slack: {
        // Falcosidekick ignores checkcert under mutual TLS: the server is always verified.
        tls: {
          certFile: '/certs/client.crt',
          keyFile: '/certs/client.key',
          caFile: '/certs/ca.crt',
        },
      },
      alertmanager: { tls: { caFile: '/ca/extra.crt' }, concurrency: 100 },
      webhook: { tls: { caFile: '/ca/extra.crt', insecureSkipVerify: true }, concurrency: 8 },
    });
    expect(warnings).toEqual([
      'alertmanager.maxconcurrentrequests (ALERTMANAGER_MAXCONCURRENTREQUESTS) 0 (unlimited) is capped at 100 requests in flight',
    ]);
  });

  it('drops a setting the plugin refuses, and an output whose required setting it refuses', () => {
    const { outputs, warnings } = outputsFromFalcosidekick(
      {
        env: {
          SLACK_WEBHOOKURL: SECRETS.slack,
          SLACK_OUTPUTFORMAT: 'fancy',
          SLACK_ICON: 'not a url',
          PAGERDUTY_ROUTINGKEY: 'SECRET-too-short',
          TEAMS_WEBHOOKURL:
            'https://prod-00.westeurope.logic.azure.com/workflows/abc?sig=SECRETsig',
        },
      },
      { plugins: PLUGINS },
    );
    expect(outputs).toEqual([
      { type: 'slack', name: 'slack', config: { webhookUrl: SECRETS.slack }, route: {} },
      {
        type: 'teams',
        name: 'teams',
        config: {
          webhookUrl: 'https://prod-00.westeurope.logic.azure.com/workflows/abc?sig=SECRETsig',
        },
        route: {},
      },
    ]);
    expect(warnings).toEqual([
      'slack: setting icon must be an http(s) URL',
      expect.stringMatching(/^slack: setting outputFormat .*"all"/),
      'slack: imported without icon, outputFormat',
      'pagerduty: setting routingKey must be the 32-character Events API v2 integration key',
      'pagerduty: not imported (its required setting was refused)',
    ]);
  });

  it('never puts a secret in a warning', () => {
    const { warnings } = outputsFromFalcosidekick(
      {
        env: {
          ...ENV,
          PAGERDUTY_ROUTINGKEY: 'SECRETshortKEY',
          PAGERDUTY_REGION: 'eu',
          SLACK_ICON: 'SECRETnotAurl',
          WEBHOOK_CUSTOMHEADERS: 'SECRETnoColon,Authorization:Bearer SECRETx',
          ALERTMANAGER_EXTRALABELS: 'SECRETalone,a:SECRETvalue',
          ALERTMANAGER_EXTRAANNOTATIONS: 'SECRETannotation',
          ALERTMANAGER_CUSTOMSEVERITYMAP: 'debug:SECRETsev',
          ALERTMANAGER_EXPIRESAFTER: 'SECRETsoon',
          DISCORD_WEBHOOKURL: 'https://discord.com/api/webhooks/SECRETdiscord',
          CUSTOMFIELDS: 'token:SECRETcustom',
          WEBHOOK_MAXCONCURRENTREQUESTS: 'SECRETmany',
          TEAMS_MINIMUMPRIORITY: 'SECRET-pasted-here',
          ALERTMANAGER_ENDPOINT: '/api/v1/alerts?token=SECRETendpoint',
        },
      },
      { plugins: PLUGINS },
    );
    expect(warnings.length).toBeGreaterThan(8);
    for (const warning of warnings) expect(warning).not.toMatch(/SECRET/);
  });
});
