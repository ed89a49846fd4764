import { z } from 'zod';

/** A JSON Schema (2020-12) document or subschema. */
export type JsonSchema = Record<string, unknown>;

/**
 * Formats a generic form renderer (and Ajv with ajv-formats) knows. zod also writes its own
 * (`starts_with`); those are dropped: the `pattern` beside them says the same.
 */
const STANDARD_FORMATS = new Set([
  'uri',
  'email',
  'date-time',
  'date',
  'time',
  'duration',
  'uuid',
  'ipv4',
  'ipv6',
  'hostname',
  'regex',
]);

/**
 * The JSON Schema of what a form sends for `schema`: input types (a field with a default is
 * optional), enums, defaults, descriptions, required. Each dotted path of `secretPaths` is marked
 * `writeOnly`: it may be sent, and answers show it masked. Refinements beyond the standard
 * keywords (a template that must parse) are checked by the server only.
 */
export function formSchema(schema: z.ZodType, secretPaths: readonly string[] = []): JsonSchema {
  const json = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
    override: ({ jsonSchema }) => {
      const format = jsonSchema.format;
      if (typeof format === 'string' && !STANDARD_FORMATS.has(format)) delete jsonSchema.format;
    },
  }) as JsonSchema;
  for (const path of secretPaths) markWriteOnly(json, path);
  return json;
}

function markWriteOnly(root: JsonSchema, path: string): void {
  let node: JsonSchema | undefined = root;
  for (const key of path.split('.')) {
    const properties = node?.['properties'] as Record<string, JsonSchema> | undefined;
    node = properties?.[key];
  }
  // A secret the schema does not have is a plugin's mistake: found here, not in production.
  if (!node) throw new Error(`secret field ${path} is not a property of the schema`);
  node['writeOnly'] = true;
}
