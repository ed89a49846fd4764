import { namedPairs } from './sidekick-common.js';
import { keyName, type SidekickSettings } from './sidekick-settings.js';
import { elasticsearchSidekickMapping } from './sidekick-elasticsearch.js';
import { lokiSidekickMapping } from './sidekick-loki.js';
import { splunkSidekickMapping } from './sidekick-splunk.js';
import { syslogSidekickMapping } from './sidekick-syslog.js';

/**
 * Falcosidekick's settings of each output Aerie has, as that plugin's settings (the plugins'
 * `configSchema` names, libs/outputs/src/plugins/<type>/). Pure: unset keys are left out so the
 * plugin's defaults apply; nothing here ever puts a setting's value in a warning.
 */
export interface SidekickOutputMapping {
  /** Aerie's output type, also the imported output's name (Falcosidekick has one of each). */
  type:
    | 'slack'
    | 'teams'
    | 'pagerduty'
    | 'alertmanager'
    | 'webhook'
    | 'loki'
    | 'splunk'
    | 'elasticsearch'
    | 'syslog';
  /** Falcosidekick's section (`slack`), also the prefix of its environment variables. */
  section: string;
  /** The key whose presence enables the output in Falcosidekick. */
  enabledBy: string;
  /** Falcosidekick keys with no Aerie equivalent: a warning when set. */
  unsupported: readonly string[];
  config(settings: SidekickSettings, warnings: string[]): Record<string, unknown>;
}

/** Copies the keys that are set: `[falcosidekick key, plugin setting]`. */
function copy(
  settings: SidekickSettings,
  section: string,
  keys: ReadonlyArray<readonly [string, string]>,
  transform: (key: string, value: string) => string = (_key, value) => value,
): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const [key, setting] of keys) {
    const value = settings.text([section, key]);
    if (value !== undefined) config[setting] = transform(key, value);
  }
  return config;
}

/** Office 365 connector URLs: `*.webhook.office.com/webhookb2/…`, `outlook.office.com/webhook/…`. */
function isConnectorUrl(url: string): boolean {
  try {
    const { hostname, pathname } = new URL(url);
    return (
      (hostname.endsWith('.webhook.office.com') && pathname.startsWith('/webhookb2/')) ||
      (hostname === 'outlook.office.com' && pathname.startsWith('/webhook/'))
    );
  } catch {
    return false;
  }
}

const PROMETHEUS_LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export const SIDEKICK_OUTPUTS: readonly SidekickOutputMapping[] = [
  {
    type: 'slack',
    section: 'slack',
    enabledBy: 'webhookurl',
    unsupported: [],
    config: (s) =>
      copy(
        s,
        'slack',
        [
          ['webhookurl', 'webhookUrl'],
          ['channel', 'channel'],
          ['username', 'username'],
          ['icon', 'icon'],
          ['footer', 'footer'],
          ['outputformat', 'outputFormat'],
          ['messageformat', 'messageFormat'],
        ],
        (key, value) => (key === 'outputformat' ? value.toLowerCase() : value),
      ),
  },
  {
    type: 'teams',
    section: 'teams',
    enabledBy: 'webhookurl',
    unsupported: [],
    config: (s, warnings) => {
      const config = copy(
        s,
        'teams',
        [
          ['webhookurl', 'webhookUrl'],
          ['activityimage', 'activityImage'],
          ['outputformat', 'outputFormat'],
        ],
        (key, value) => (key === 'outputformat' ? value.toLowerCase() : value),
      );
      // Falcosidekick sent a MessageCard, which only Office 365 connectors take; a Workflows URL
      // (the connectors' replacement) wants an Adaptive Card, Aerie's default.
      if (isConnectorUrl(String(config['webhookUrl']))) {
        config['mode'] = 'messagecard';
        warnings.push(
          `${keyName(['teams', 'webhookurl'])} is an Office 365 connector, which Microsoft is retiring: imported with mode messagecard; move to a Workflows webhook and mode workflows`,
        );
      }
      return config;
    },
  },
  {
    type: 'pagerduty',
    section: 'pagerduty',
    enabledBy: 'routingkey',
    unsupported: [],
    config: (s, warnings) => {
      const config = copy(
        s,
        'pagerduty',
        [
          ['routingkey', 'routingKey'],
          ['region', 'region'],
        ],
        (key, value) => (key === 'region' ? value.toLowerCase() : value),
      );
      if (config['region'] === 'eu') {
        warnings.push(
          `${keyName(['pagerduty', 'region'])} "eu": Falcosidekick ignored it and sent to the US endpoint; Aerie sends to the EU endpoint, where an EU service's key belongs`,
        );
      }
      return config;
    },
  },
  {
    type: 'alertmanager',
    section: 'alertmanager',
    enabledBy: 'hostport',
    unsupported: ['customseveritymap', 'dropeventdefaultpriority', 'dropeventthresholds'],
    config: (s, warnings) => {
      const config: Record<string, unknown> = {
        // Every host gets every alert, as in Falcosidekick; the plugin delivers to each apart.
        hosts: s.list(['alertmanager', 'hostport']) ?? [],
      };
      const endpoint = s.text(['alertmanager', 'endpoint']);
      if (endpoint !== undefined) {
        config['endpoint'] = endpoint.startsWith('/') ? endpoint : `/${endpoint}`;
        if (/\/api\/v1\//.test(config['endpoint'] as string)) {
          warnings.push(
            `${keyName(['alertmanager', 'endpoint'])} points at the v1 API, which Alertmanager 0.27 removed; use /api/v2/alerts (Aerie's default) unless your Alertmanager is older`,
          );
        }
      }
      const expiresPath = ['alertmanager', 'expiresafter'];
      const expires = s.text(expiresPath);
      if (expires !== undefined) {
        const seconds = Number(expires);
        if (Number.isInteger(seconds) && seconds > 0) config['expiresAfterSeconds'] = seconds;
        else if (seconds !== 0) {
          warnings.push(`${keyName(expiresPath)} is not a whole number of seconds; left out`);
        }
      }
      const labels = namedPairs(s, ['alertmanager', 'extralabels'], warnings);
      if (labels !== undefined) {
        const kept: Record<string, string> = {};
        Object.entries(labels).forEach(([name, value], index) => {
          // Falcosidekick drops invalid names (not shown: the text may be anything); an empty
          // value is no label in Alertmanager.
          if (!PROMETHEUS_LABEL.test(name)) {
            warnings.push(
              `${keyName(['alertmanager', 'extralabels'])}: label ${index + 1} has an invalid name (not [a-zA-Z_][a-zA-Z0-9_]*); skipped`,
            );
          } else if (value === '') {
            warnings.push(
              `${keyName(['alertmanager', 'extralabels'])}: label "${name}" has no value; skipped`,
            );
          } else kept[name] = value;
        });
        if (Object.keys(kept).length > 0) config['extraLabels'] = kept;
      }
      const annotations = namedPairs(s, ['alertmanager', 'extraannotations'], warnings);
      if (annotations !== undefined) config['extraAnnotations'] = annotations;
      const headers = namedPairs(s, ['alertmanager', 'customheaders'], warnings);
      if (headers !== undefined) config['headers'] = headers;
      return config;
    },
  },
  {
    type: 'webhook',
    section: 'webhook',
    enabledBy: 'address',
    unsupported: [],
    config: (s, warnings) => {
      const config = copy(
        s,
        'webhook',
        [
          ['address', 'url'],
          ['method', 'method'],
        ],
        (key, value) => (key === 'method' ? value.toUpperCase() : value),
      );
      // Falcosidekick posts the Falco event as received (plus its custom fields), not Aerie's.
      config['payload'] = 'falco';
      const headers = namedPairs(s, ['webhook', 'customheaders'], warnings);
      if (headers !== undefined) config['headers'] = headers;
      return config;
    },
  },
  lokiSidekickMapping,
  splunkSidekickMapping,
  elasticsearchSidekickMapping,
  syslogSidekickMapping,
];
