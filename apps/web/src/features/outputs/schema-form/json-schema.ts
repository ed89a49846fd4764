/**
 * The part of JSON Schema (2020-12) the settings forms understand. Output types describe their
 * settings with it (`GET /api/v1/output-types`); anything else in a schema is ignored, and a
 * property the form cannot render gets a JSON text box.
 */
export interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  format?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  /** A secret: never shown back (JSON Schema's own marker). */
  writeOnly?: boolean;
  /** A secret (the marker some generators use instead of `writeOnly`). */
  'x-secret'?: boolean;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : undefined;
const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);

/**
 * Reads a schema from an API answer (`unknown`), keeping only well-typed keywords, so the form
 * code never meets a property of the wrong type.
 */
export function readSchema(value: unknown): JsonSchema {
  if (!isRecord(value)) return {};
  const out: JsonSchema = {};
  const type = value['type'];
  if (typeof type === 'string') out.type = type;
  else if (Array.isArray(type)) out.type = type.filter((t): t is string => typeof t === 'string');
  const title = str(value['title']);
  if (title !== undefined) out.title = title;
  const description = str(value['description']);
  if (description !== undefined) out.description = description;
  if ('default' in value) out.default = value['default'];
  if (Array.isArray(value['enum'])) out.enum = value['enum'];
  const format = str(value['format']);
  if (format !== undefined) out.format = format;
  const properties = value['properties'];
  if (isRecord(properties)) {
    out.properties = Object.fromEntries(
      Object.entries(properties).map(([k, v]) => [k, readSchema(v)]),
    );
  }
  const required = value['required'];
  if (Array.isArray(required)) {
    out.required = required.filter((r): r is string => typeof r === 'string');
  }
  const additional = value['additionalProperties'];
  if (typeof additional === 'boolean') out.additionalProperties = additional;
  else if (isRecord(additional)) out.additionalProperties = readSchema(additional);
  if (isRecord(value['items'])) out.items = readSchema(value['items']);
  for (const key of [
    'minimum',
    'maximum',
    'exclusiveMinimum',
    'exclusiveMaximum',
    'minItems',
  ] as const) {
    const n = num(value[key]);
    if (n !== undefined) out[key] = n;
  }
  const writeOnly = bool(value['writeOnly']);
  if (writeOnly !== undefined) out.writeOnly = writeOnly;
  const secret = bool(value['x-secret']);
  if (secret !== undefined) out['x-secret'] = secret;
  return out;
}

/** The schema's one non-null type (`["string", "null"]` → `string`), if it names one. */
export function typeOf(schema: JsonSchema): string | undefined {
  if (typeof schema.type === 'string') return schema.type;
  const types = (schema.type ?? []).filter((t) => t !== 'null');
  return types.length === 1 ? types[0] : undefined;
}
