import { namedPairs } from './sidekick-common.js';
import type { SidekickOutputMapping } from './sidekick-outputs.js';
import { keyName, type SidekickSettings } from './sidekick-settings.js';

const SECTION = 'elasticsearch';

/** Falcosidekick's `suffix` (default `daily`) as a date pattern after its `index`. */
const SUFFIXES: Readonly<Record<string, string>> = {
  daily: '-%Y.%m.%d',
  monthly: '-%Y.%m',
  annually: '-%Y',
  none: '',
};

/** Keys Falcosidekick sets by default (its Helm chart sets them all): warned about only when changed. */
const DEFAULTS: ReadonlyArray<readonly [key: string, value: string, hint: string]> = [
  ['type', '_doc', 'mapping types are gone since Elasticsearch 7; Aerie writes typeless `_bulk`'],
  [
    'flattenfields',
    'false',
    "not needed: Aerie keeps Falco's field names in falco.output_fields, a flattened field",
  ],
  [
    'createindextemplate',
    'false',
    'Aerie does not create templates: install the one in docs/outputs/elasticsearch.md (its shards and replicas are yours to set)',
  ],
  [
    'batching.batchsize',
    '5242880',
    'Aerie sends up to 100 events a request, as soon as they are due',
  ],
  [
    'batching.flushinterval',
    '1s',
    'Aerie sends up to 100 events a request, as soon as they are due',
  ],
];

/**
 * Falcosidekick's Elasticsearch output (outputs/elasticsearch.go): `hostport` (enables it),
 * `index` + `suffix` (a date pattern), `pipeline`, `username`/`password`, `apikey`,
 * `enablecompression`, `customheaders`. Aerie's documents are ECS (not Falcosidekick's Falco
 * payload plus `@timestamp`): searches on `rule`, `priority` or `output_fields.*` move to
 * `rule.name`, `falco.priority`, `falco.output_fields.*`.
 */
export const elasticsearchSidekickMapping: SidekickOutputMapping = {
  type: 'elasticsearch',
  section: SECTION,
  enabledBy: 'hostport',
  unsupported: [],
  config: (s, warnings) => {
    const config: Record<string, unknown> = { ...hostAndCredentials(s) };
    const index = s.text([SECTION, 'index']) ?? 'falco';
    const suffixKey = s.text([SECTION, 'suffix'])?.toLowerCase() ?? 'daily';
    let suffix = SUFFIXES[suffixKey];
    if (suffix === undefined) {
      warnings.push(
        `${keyName([SECTION, 'suffix'])} is not daily, monthly, annually or none: imported as daily`,
      );
      suffix = SUFFIXES['daily']!;
    }
    config['index'] = `${index.replace(/%/g, '%%')}${suffix}`;
    const pipeline = s.text([SECTION, 'pipeline']);
    if (pipeline !== undefined) config['pipeline'] = pipeline;
    const apiKey = s.text([SECTION, 'apikey']);
    if (apiKey !== undefined) config['apiKey'] = apiKey;
    const username = s.text([SECTION, 'username']);
    const password = s.text([SECTION, 'password']);
    if (username !== undefined) config['username'] = username;
    if (password !== undefined) config['password'] = password;
    if (apiKey !== undefined && config['username'] !== undefined) {
      delete config['username'];
      delete config['password'];
      warnings.push(
        `${keyName([SECTION, 'apikey'])} and basic auth credentials are both set: imported with the API key only`,
      );
    }
    const gzip = s.text([SECTION, 'enablecompression']);
    if (gzip !== undefined) config['gzip'] = gzip.toLowerCase() === 'true';
    const headers = namedPairs(s, [SECTION, 'customheaders'], warnings);
    if (headers !== undefined) config['headers'] = headers;
    for (const [key, value, hint] of DEFAULTS) {
      const path = [SECTION, ...key.split('.')];
      const set = s.text(path);
      if (set !== undefined && set.toLowerCase() !== value)
        warnings.push(`${keyName(path)}: ${hint}`);
    }
    return config;
  },
};

/** `hostport`, with credentials in it (`https://user:pass@es:9200`) moved to basic auth. */
function hostAndCredentials(s: SidekickSettings): Record<string, string> {
  const hostport = s.text([SECTION, 'hostport'])!;
  let url: URL;
  try {
    url = new URL(hostport);
  } catch {
    return { url: hostport };
  }
  if (url.username === '' && url.password === '') return { url: hostport };
  const credentials = {
    username: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  };
  url.username = '';
  url.password = '';
  return { url: url.toString().replace(/\/$/, ''), ...credentials };
}
