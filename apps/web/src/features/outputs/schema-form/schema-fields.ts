import { typeOf, type JsonSchema } from './json-schema';

interface FieldBase {
  /** Where its value and its errors are kept in the form: `config.tls.caFile`. */
  key: string;
  /** Where its value sits in the object the form builds: `['tls', 'caFile']`. */
  path: string[];
  label: string;
  /** The schema's description. */
  help: string | undefined;
  required: boolean;
}

/** Values the form never shows back: on edit, an empty box keeps the stored one. */
interface Secret {
  secret: boolean;
}

/**
 * One control of a generated form. Lists and maps are edited as lines (`value` /
 * `name: value`), which can be pasted; a list of fixed values is a set of checkboxes; what the
 * form cannot render (`anyOf`, nested lists) is edited as JSON.
 */
export type FieldSpec =
  | (FieldBase & Secret & { kind: 'text'; url: boolean; default?: string })
  | (FieldBase & { kind: 'number'; integer: boolean; min?: number; max?: number; default?: number })
  | (FieldBase & { kind: 'boolean'; default?: boolean })
  | (FieldBase & { kind: 'enum'; options: string[]; default?: string })
  | (FieldBase & Secret & { kind: 'list'; default?: string[] })
  | (FieldBase & { kind: 'choices'; options: string[]; default?: string[] })
  | (FieldBase & Secret & { kind: 'map'; default?: Record<string, string> })
  | (FieldBase & Secret & { kind: 'json'; default?: unknown })
  | (FieldBase & { kind: 'group'; fields: FieldSpec[] });

/** Words spelt in capitals in labels. */
const ACRONYMS = new Set(['url', 'uri', 'id', 'tls', 'ca', 'ip', 'http', 'https', 'api']);

/** `webhookUrl` → `Webhook URL`, `min_priority` → `Min priority`, `timeoutMs` → `Timeout (ms)`. */
export function humanize(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_-]+/)
    .filter(Boolean)
    .map((w, i, all) => {
      const lower = w.toLowerCase();
      if (ACRONYMS.has(lower)) return w.toUpperCase();
      return lower === 'ms' && i > 0 && i === all.length - 1 ? '(ms)' : lower;
    });
  const [first = '', ...rest] = words;
  return [first.charAt(0).toUpperCase() + first.slice(1), ...rest].join(' ');
}

const isStringMap = (s: JsonSchema): boolean =>
  typeOf(s) === 'object' &&
  !s.properties &&
  typeof s.additionalProperties === 'object' &&
  typeOf(s.additionalProperties) === 'string';

const stringsOnly = (values: readonly unknown[]): values is string[] =>
  values.every((v) => typeof v === 'string');

const asStringMap = (v: unknown): Record<string, string> | undefined =>
  typeof v === 'object' &&
  v !== null &&
  !Array.isArray(v) &&
  Object.values(v).every((x) => typeof x === 'string')
    ? (v as Record<string, string>)
    : undefined;

/**
 * The controls of an object schema's properties. `prefix` starts every key (`config`);
 * `secretPaths` names secrets the schema does not mark itself (`headers`, `auth.token`).
 */
export function schemaFields(
  schema: JsonSchema,
  options: { prefix?: string; secretPaths?: readonly string[] } = {},
): FieldSpec[] {
  const secretPaths = new Set(options.secretPaths ?? []);
  const walk = (object: JsonSchema, path: string[]): FieldSpec[] =>
    Object.entries(object.properties ?? {}).map(([name, prop]) => {
      const here = [...path, name];
      const base: FieldBase = {
        key: [options.prefix, ...here].filter(Boolean).join('.'),
        path: here,
        label: prop.title ?? humanize(name),
        help: prop.description,
        required: (object.required ?? []).includes(name),
      };
      const secret =
        prop.writeOnly === true || prop['x-secret'] === true || secretPaths.has(here.join('.'));
      return fieldOf(prop, base, secret, () => walk(prop, here));
    });
  return walk(schema, []);
}

function fieldOf(
  prop: JsonSchema,
  base: FieldBase,
  secret: boolean,
  children: () => FieldSpec[],
): FieldSpec {
  const type = typeOf(prop);
  const dflt = prop.default;
  if (prop.enum && prop.enum.length > 0 && stringsOnly(prop.enum) && !secret) {
    return {
      ...base,
      kind: 'enum',
      options: prop.enum,
      ...(typeof dflt === 'string' ? { default: dflt } : {}),
    };
  }
  switch (type) {
    case 'string':
      return {
        ...base,
        kind: 'text',
        secret,
        url: prop.format === 'uri' || prop.format === 'url',
        ...(typeof dflt === 'string' ? { default: dflt } : {}),
      };
    case 'integer':
    case 'number': {
      const min = prop.minimum ?? prop.exclusiveMinimum;
      const max = prop.maximum ?? prop.exclusiveMaximum;
      return {
        ...base,
        kind: 'number',
        integer: type === 'integer',
        ...(min !== undefined ? { min } : {}),
        ...(max !== undefined ? { max } : {}),
        ...(typeof dflt === 'number' ? { default: dflt } : {}),
      };
    }
    case 'boolean':
      return { ...base, kind: 'boolean', ...(typeof dflt === 'boolean' ? { default: dflt } : {}) };
    case 'array': {
      const items = prop.items;
      if (!items || typeOf(items) !== 'string') break;
      const list = Array.isArray(dflt) && stringsOnly(dflt) ? { default: dflt } : {};
      if (items.enum && stringsOnly(items.enum) && !secret) {
        return { ...base, kind: 'choices', options: items.enum, ...list };
      }
      return { ...base, kind: 'list', secret, ...list };
    }
    case 'object': {
      if (isStringMap(prop)) {
        const map = asStringMap(dflt);
        return { ...base, kind: 'map', secret, ...(map ? { default: map } : {}) };
      }
      // A secret object is replaced whole (the API masks it whole): one box, not its parts.
      if (prop.properties && !secret) return { ...base, kind: 'group', fields: children() };
      break;
    }
  }
  return { ...base, kind: 'json', secret, ...(dflt !== undefined ? { default: dflt } : {}) };
}
