import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import { parse as parseYaml } from 'yaml';
import { OUTPUT_PLUGINS, outputsFromFalcosidekick } from '@aerie/outputs';
import { ConfigError } from '../config/config.loader.js';
import type { AerieConfig } from '../config/config.schema.js';
import { OutputDefinitionSchema, type OutputDefinition } from './output-definition.js';

/**
 * The outputs to run: Aerie's own `outputs`, plus those a Falcosidekick deployment's environment
 * (`SLACK_WEBHOOKURL`, …) or `config.yaml` (`falcosidekickConfig`) defines, so switching needs
 * no rewrite (docs/outputs/README.md). An Aerie output with the same name wins.
 */
export function outputsToRun(
  config: AerieConfig,
  env: NodeJS.ProcessEnv,
  logger: Logger,
): OutputDefinition[] {
  let configYaml: unknown;
  if (config.falcosidekickConfig !== undefined) {
    try {
      configYaml = parseYaml(readFileSync(config.falcosidekickConfig, 'utf8'));
    } catch (err) {
      throw new ConfigError([
        `falcosidekickConfig: ${config.falcosidekickConfig} cannot be read (${err instanceof Error ? err.message.split('\n')[0] : 'unreadable'})`,
      ]);
    }
  }
  const imported = outputsFromFalcosidekick({ env, configYaml }, { plugins: OUTPUT_PLUGINS });
  for (const warning of imported.warnings) logger.warn(`falcosidekick settings: ${warning}`);
  const own = new Set(config.outputs.map((o) => o.name));
  const added = imported.outputs
    .filter((o) => !own.has(o.name))
    .map((o) => OutputDefinitionSchema.parse(o));
  if (added.length > 0) {
    logger.info(
      { outputs: added.map((o) => o.name) },
      'outputs defined by Falcosidekick settings (environment or falcosidekickConfig)',
    );
  }
  return [...config.outputs, ...added];
}
