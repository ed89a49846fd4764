import { namedPairs } from './sidekick-common.js';
import type { SidekickOutputMapping } from './sidekick-outputs.js';
import { keyName } from './sidekick-settings.js';

const SECTION = 'splunk';

/**
 * Falcosidekick's Splunk output (outputs/splunk.go, docs/outputs/splunk.md): `host` (the full
 * HEC URL; enables it), `token`, `customheaders` (checkcert and minimumpriority are the common
 * keys). It posted `{"event": <the Falco event>, "sourcetype": "falcosidekick"}`: kept as
 * `payload: falco` and that sourcetype, so searches written for it keep working. Falcosidekick has
 * no `splunk.hostport` (`SPLUNK_HOSTPORT`): it reads `SPLUNK_HOST`, a full URL.
 */
export const splunkSidekickMapping: SidekickOutputMapping = {
  type: 'splunk',
  section: SECTION,
  enabledBy: 'host',
  unsupported: [],
  config: (s, warnings) => {
    const config: Record<string, unknown> = {
      url: s.text([SECTION, 'host']),
      payload: 'falco',
      sourcetype: 'falcosidekick',
    };
    const token = s.text([SECTION, 'token']);
    if (token !== undefined) config['token'] = token;
    else {
      // Falcosidekick then sent no Authorization at all, which HEC refuses (401 code 2).
      warnings.push(`${keyName([SECTION, 'token'])} is not set: HEC refuses requests without one`);
    }
    const headers = namedPairs(s, [SECTION, 'customheaders'], warnings);
    if (headers !== undefined) config['headers'] = headers;
    return config;
  },
};
