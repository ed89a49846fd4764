import { z } from 'zod';
import type { OutputTypeInfo } from '@aerie/contracts';
import { RouteSchema, formSchema, type OutputPlugin } from '@aerie/outputs';
import { MASK } from '../secrets/mask.js';
import { OutputDefinitionSchema } from './output-definition.js';

/**
 * What the dashboard needs to build an output's form: for each type, the JSON Schema of a whole
 * output definition (`POST /api/v1/outputs`) with that type's settings in `config`, the route
 * and the delivery policy. Secret settings are `writeOnly`; answers show them as MASK.
 */
export function outputTypes(plugins: ReadonlyMap<string, OutputPlugin<unknown>>): OutputTypeInfo[] {
  return [...plugins.values()].map((plugin) => ({
    type: plugin.type,
    title: plugin.title,
    description: plugin.description,
    schema: formSchema(
      definitionSchema(plugin),
      plugin.secretFields.map((field) => `config.${field}`),
    ),
    secret_fields: [...plugin.secretFields],
    docs: `docs/outputs/${plugin.type}.md`,
  }));
}

/** The output definition with this type's settings and the route spelled out. */
function definitionSchema(plugin: OutputPlugin<unknown>): z.ZodType {
  return OutputDefinitionSchema.extend({
    type: z.literal(plugin.type).describe(plugin.title),
    config: plugin.configSchema.describe(
      `${plugin.title} settings. A secret (writeOnly) reads back as "${MASK}", an object such as headers too; sent back unchanged, it keeps the stored value.`,
    ),
    route: RouteSchema.default({}),
  }).describe(plugin.description);
}
