import { namedPairs } from './sidekick-common.js';
import type { SidekickOutputMapping } from './sidekick-outputs.js';
import { keyName } from './sidekick-settings.js';

const SECTION = 'loki';

/** Falcosidekick `extralabels` entries with a bounded Aerie label. */
const BOUNDED_LABELS: Readonly<Record<string, string>> = {
  'k8s.ns.name': 'namespace',
  'k8s.cluster.name': 'cluster',
};

/**
 * Falcosidekick's Loki output (outputs/loki.go): `hostport` (enables), `endpoint`, `user` +
 * `apikey` (basic auth), `tenant` (`X-Scope-OrgID`), `format` (`text` default | `json`),
 * `extralabels`, `customheaders`. Its streams were labelled per event (rule, hostname, pod,
 * tags…); Aerie's labels are bounded, which the import says, since LogQL selectors change.
 */
export const lokiSidekickMapping: SidekickOutputMapping = {
  type: 'loki',
  section: SECTION,
  enabledBy: 'hostport',
  unsupported: [],
  config: (s, warnings) => {
    const text = (key: string) => s.text([SECTION, key]);
    const config: Record<string, unknown> = { url: text('hostport') };
    const endpoint = text('endpoint');
    if (endpoint !== undefined)
      config['endpoint'] = endpoint.startsWith('/') ? endpoint : `/${endpoint}`;
    const tenant = text('tenant');
    if (tenant !== undefined) config['tenant'] = tenant;
    const user = text('user');
    const apikey = text('apikey');
    // Basic auth needs both (Falcosidekick's `user` + `apikey`).
    if (user !== undefined && apikey !== undefined) {
      config['username'] = user;
      config['password'] = apikey;
    } else if (user !== undefined || apikey !== undefined) {
      warnings.push(
        `${keyName([SECTION, user === undefined ? 'apikey' : 'user'])} is set without ${user === undefined ? 'user' : 'apikey'}: imported without credentials`,
      );
    }
    // Falcosidekick's lines: the output text, or with `format: json` the event as Falco sent it.
    config['line'] = text('format')?.toLowerCase() === 'json' ? 'falco' : 'output';

    const labels = ['source', 'priority', 'cluster', 'boundary'];
    s.list([SECTION, 'extralabels'])?.forEach((field, index) => {
      const bounded = BOUNDED_LABELS[field];
      if (bounded !== undefined) {
        if (!labels.includes(bounded)) labels.push(bounded);
      } else {
        warnings.push(
          `${keyName([SECTION, 'extralabels'])}: item ${index + 1} is an output field; Aerie never makes field values labels (each value is a stream): the line holds it, query it with | json`,
        );
      }
    });
    config['labels'] = labels;
    warnings.push(
      `${SECTION}: Aerie labels streams by ${labels.join(', ')}; Falcosidekick's rule, hostname, tags, k8s_ns_name and k8s_pod_name labels are not sent (LogQL selectors on them become line filters)`,
    );

    const headers = namedPairs(s, [SECTION, 'customheaders'], warnings);
    if (headers !== undefined) config['headers'] = headers;
    return config;
  },
};
