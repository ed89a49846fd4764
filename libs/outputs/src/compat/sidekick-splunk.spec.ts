import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SplunkConfigSchema } from '../plugins/splunk/splunk.config.js';
import { OUTPUT_PLUGINS } from '../registry.js';
import { outputsFromFalcosidekick } from './falcosidekick.compat.js';

const TOKEN = 'SECRET-hec-0000-4000-8000-000000000001';

describe('Falcosidekick Splunk settings → a splunk output', () => {
  it('imports SPLUNK_HOST, SPLUNK_TOKEN, custom headers, checkcert and minimumpriority', () => {
    const result = outputsFromFalcosidekick(
      {
        env: {
          SPLUNK_HOST: 'https://splunk.example.com:8088/services/collector/event',
          SPLUNK_TOKEN: TOKEN,
          SPLUNK_CUSTOMHEADERS: 'X-Proxy-Auth:SECRET-proxy,X-Team:soc',
          SPLUNK_CHECKCERT: 'false',
          SPLUNK_MINIMUMPRIORITY: 'warning',
        },
      },
      { plugins: OUTPUT_PLUGINS },
    );
    expect(result.outputs).toEqual([
      {
        type: 'splunk',
        name: 'splunk',
        config: {
          url: 'https://splunk.example.com:8088/services/collector/event',
          token: TOKEN,
          // What Falcosidekick posted: the Falco event under that sourcetype.
          payload: 'falco',
          sourcetype: 'falcosidekick',
          headers: { 'X-Proxy-Auth': 'SECRET-proxy', 'X-Team': 'soc' },
        },
        route: { min_priority: 'warning' },
        delivery: { tls: { insecureSkipVerify: true } },
      },
    ]);
    expect(result.warnings).toEqual([]);
    // The imported settings are ones the plugin takes as they are.
    expect(SplunkConfigSchema.safeParse(result.outputs[0]?.config).success).toBe(true);
  });

  it('reads config.yaml, the environment winning, and a bare host URL', () => {
    const configYaml: unknown = parse(`
splunk:
  host: "http://splunk:8088"
  token: "from-yaml"
  customheaders:
    X-Env: prod
`);
    const result = outputsFromFalcosidekick(
      { env: { SPLUNK_TOKEN: TOKEN }, configYaml },
      { plugins: OUTPUT_PLUGINS },
    );
    expect(result.outputs[0]?.config).toEqual({
      url: 'http://splunk:8088',
      token: TOKEN,
      payload: 'falco',
      sourcetype: 'falcosidekick',
      headers: { 'x-env': 'prod' },
    });
  });

  it('without a token it is not imported (HEC refuses such requests), and says so once', () => {
    const result = outputsFromFalcosidekick(
      { env: { SPLUNK_HOST: 'http://splunk:8088/services/collector/event' } },
      { plugins: OUTPUT_PLUGINS },
    );
    expect(result.outputs).toEqual([]);
    expect(result.warnings).toEqual([
      'splunk.token (SPLUNK_TOKEN) is not set: HEC refuses requests without one',
      'splunk: setting token Invalid input: expected string, received undefined',
      'splunk: not imported (its required setting was refused)',
    ]);
  });

  it('is no longer reported as unsupported, and SPLUNK_HOSTPORT (not a Falcosidekick key) imports nothing', () => {
    const result = outputsFromFalcosidekick({
      env: { SPLUNK_HOST: 'http://splunk:8088', SPLUNK_TOKEN: TOKEN },
    });
    expect(result.warnings.some((w) => w.includes('splunk'))).toBe(false);
    expect(
      outputsFromFalcosidekick({ env: { SPLUNK_HOSTPORT: 'http://splunk:8088' } }).outputs,
    ).toEqual([]);
  });

  it('never puts the token or a header value in a warning', () => {
    const result = outputsFromFalcosidekick(
      {
        env: {
          SPLUNK_HOST: 'not a url',
          SPLUNK_TOKEN: TOKEN,
          SPLUNK_CUSTOMHEADERS: 'SECRET-broken,X-A:SECRET-a',
        },
      },
      { plugins: OUTPUT_PLUGINS },
    );
    expect(result.outputs).toEqual([]);
    expect(result.warnings.join('\n')).not.toMatch(/SECRET/);
    expect(result.warnings).toContain(
      'splunk.customheaders (SPLUNK_CUSTOMHEADERS): item(s) 1 are not "name:value" and were skipped',
    );
  });
});
