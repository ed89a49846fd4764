import type { OutputPlugin } from '../output.js';
import type { Route } from '../routing/route.schema.js';
import {
  deliveryFrom,
  routeFromMinimumPriority,
  type ImportedDelivery,
} from './sidekick-common.js';
import { SIDEKICK_OUTPUTS, type SidekickOutputMapping } from './sidekick-outputs.js';
import {
  keyName,
  readSettings,
  type SidekickInput,
  type SidekickSettings,
} from './sidekick-settings.js';
import { GLOBAL_KEYS, UNSUPPORTED_OUTPUTS } from './sidekick-unsupported.js';

/** An output definition (apps/api OutputDefinitionSchema) built from Falcosidekick's settings. */
export interface ImportedOutput {
  type: SidekickOutputMapping['type'];
  /** The type itself: Falcosidekick has one output of each type. */
  name: string;
  /** The plugin's settings (its configSchema's names). */
  config: Record<string, unknown>;
  route: Route;
  /** Only when Falcosidekick's checkcert, mutualtls or maxconcurrentrequests were set. */
  delivery?: ImportedDelivery;
}

export interface FalcosidekickImport {
  outputs: ImportedOutput[];
  /** What was not imported or changes meaning, in words; never a setting's secret value. */
  warnings: string[];
}

export interface ImportOptions {
  /**
   * Plugins by type to check each config against (OUTPUT_PLUGINS). A setting the plugin refuses
   * is left out with a warning; an output whose required setting is refused is not imported.
   */
  plugins?: ReadonlyMap<string, Pick<OutputPlugin<unknown>, 'configSchema'>>;
}

/**
 * Aerie outputs from a Falcosidekick deployment's environment and `config.yaml`, the
 * environment winning as in Falcosidekick. An output exists when its enabling key is set; each
 * `minimumpriority` becomes the output's route. Pure: reads nothing but its arguments.
 */
export function outputsFromFalcosidekick(
  input: SidekickInput,
  options: ImportOptions = {},
): FalcosidekickImport {
  const settings = readSettings(input);
  const warnings: string[] = [];
  const outputs: ImportedOutput[] = [];
  for (const mapping of SIDEKICK_OUTPUTS) {
    if (settings.text([mapping.section, mapping.enabledBy]) === undefined) continue;
    const output = importOne(mapping, settings, warnings);
    const plugin = options.plugins?.get(mapping.type);
    const checked = plugin ? checkAgainst(plugin, output, mapping, warnings) : output;
    if (checked) outputs.push(checked);
  }
  for (const [name, key] of UNSUPPORTED_OUTPUTS) {
    const path = key.split('.');
    const value = settings.text(path);
    if (value === undefined || (key.endsWith('.enabled') && value.toLowerCase() !== 'true')) {
      continue;
    }
    warnings.push(`not supported yet: ${name} (${keyName(path)} is set); not imported`);
  }
  for (const [key, isDefault, hint] of GLOBAL_KEYS) {
    const path = key.split('.');
    const set = settings.text(path) ?? (settings.pairs(path) ? 'set' : undefined);
    if (set !== undefined && !isDefault(set)) warnings.push(`${keyName(path)}: ${hint}`);
  }
  if (settings.text(['webui', 'url']) !== undefined) {
    warnings.push(
      `webui: Aerie's own dashboard replaces Falcosidekick-UI; ${keyName(['webui', 'url'])} not imported`,
    );
  }
  return { outputs, warnings };
}

function importOne(
  mapping: SidekickOutputMapping,
  settings: SidekickSettings,
  warnings: string[],
): ImportedOutput {
  const section = [mapping.section];
  for (const key of mapping.unsupported) {
    if (
      settings.text([mapping.section, key]) !== undefined ||
      settings.pairs([mapping.section, key])
    ) {
      warnings.push(`${keyName([mapping.section, key])} is not supported; not imported`);
    }
  }
  const output: ImportedOutput = {
    type: mapping.type,
    name: mapping.type,
    config: mapping.config(settings, warnings),
    route: routeFromMinimumPriority(settings, section, warnings),
  };
  const delivery = deliveryFrom(settings, section, warnings);
  if (delivery) output.delivery = delivery;
  return output;
}

/**
 * Parses the config with the plugin's schema. Issues are reported by setting name and the
 * schema's message (which never repeats the value); refused optional settings are dropped.
 */
function checkAgainst(
  plugin: Pick<OutputPlugin<unknown>, 'configSchema'>,
  output: ImportedOutput,
  mapping: SidekickOutputMapping,
  warnings: string[],
): ImportedOutput | undefined {
  const config = { ...output.config };
  for (let attempt = 0; attempt < 10; attempt++) {
    const result = plugin.configSchema.safeParse(config);
    if (result.success) return { ...output, config };
    const refused = new Set<string>();
    for (const issue of result.error.issues) {
      const setting = issue.path[0];
      const where = issue.path.map(String).join('.') || '(settings)';
      warnings.push(`${mapping.type}: setting ${where} ${issue.message}`);
      if (typeof setting === 'string') refused.add(setting);
    }
    // A refused setting the import did not give is one the plugin requires: nothing to leave out.
    const required =
      refused.has(requiredSetting(mapping)) ||
      refused.size === 0 ||
      [...refused].some((setting) => !(setting in config));
    if (required) {
      warnings.push(`${mapping.type}: not imported (its required setting was refused)`);
      return undefined;
    }
    for (const setting of refused) delete config[setting];
    warnings.push(`${mapping.type}: imported without ${[...refused].join(', ')}`);
  }
  return undefined;
}

/** The plugin setting the enabling key maps to (the one an output cannot do without). */
function requiredSetting(mapping: SidekickOutputMapping): string {
  return (
    {
      slack: 'webhookUrl',
      teams: 'webhookUrl',
      pagerduty: 'routingKey',
      alertmanager: 'hosts',
      webhook: 'url',
      syslog: 'host',
      loki: 'url',
      splunk: 'url',
      elasticsearch: 'url',
    } as const
  )[mapping.type];
}
