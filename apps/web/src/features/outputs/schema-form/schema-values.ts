import type { Issue } from '@aerie/contracts';
import type { FieldSpec } from './schema-fields';

/** What a box holds: text (numbers, lists and maps are edited as text) or a switch's state. */
export type FormValue = string | boolean;
export type FormValues = Record<string, FormValue>;

function getIn(object: unknown, path: readonly string[]): unknown {
  let at = object;
  for (const key of path) {
    if (typeof at !== 'object' || at === null || Array.isArray(at)) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

const isStored = (v: unknown): boolean => v !== undefined && v !== null;

/** Keys of the secrets `current` holds (masked): their empty box means "keep". */
export function storedSecretKeys(
  fields: readonly FieldSpec[],
  current: Record<string, unknown> | undefined,
): Set<string> {
  const out = new Set<string>();
  for (const field of fields) {
    if (field.kind === 'group') {
      for (const key of storedSecretKeys(field.fields, current)) out.add(key);
    } else if ('secret' in field && field.secret && isStored(getIn(current, field.path))) {
      out.add(field.key);
    }
  }
  return out;
}

/** A value shown in a text box. */
function asText(field: FieldSpec, v: unknown): string {
  if (v === undefined || v === null) return '';
  switch (field.kind) {
    case 'list':
    case 'choices':
      return Array.isArray(v) ? v.map(String).join('\n') : '';
    case 'map':
      return typeof v === 'object'
        ? Object.entries(v as Record<string, unknown>)
            .map(([k, x]) => `${k}: ${String(x)}`)
            .join('\n')
        : '';
    case 'json':
      return JSON.stringify(v, null, 2);
    default:
      return typeof v === 'object' ? JSON.stringify(v) : String(v);
  }
}

/**
 * The boxes' first contents: the schema's defaults for a new object, or `current` (an object
 * as the API shows it) for an existing one — but never a secret, which stays empty ("keep").
 */
export function initialValues(
  fields: readonly FieldSpec[],
  current?: Record<string, unknown>,
): FormValues {
  const out: FormValues = {};
  for (const field of fields) {
    if (field.kind === 'group') {
      Object.assign(out, initialValues(field.fields, current));
      continue;
    }
    const v = current ? getIn(current, field.path) : field.default;
    if (field.kind === 'boolean') out[field.key] = typeof v === 'boolean' ? v : false;
    else if ('secret' in field && field.secret && current) out[field.key] = '';
    else out[field.key] = asText(field, v);
  }
  return out;
}

type Parsed = { value: unknown } | { skip: true } | { issue: string };

function parseBox(field: Exclude<FieldSpec, { kind: 'group' }>, raw: FormValue): Parsed {
  if (field.kind === 'boolean') return { value: raw === true };
  const text = typeof raw === 'string' ? raw : '';
  if (text.trim() === '') return { skip: true };
  switch (field.kind) {
    case 'text':
    case 'enum':
      return { value: text };
    case 'number': {
      const n = Number(text.trim());
      if (!Number.isFinite(n)) return { issue: 'must be a number' };
      if (field.integer && !Number.isInteger(n)) return { issue: 'must be a whole number' };
      return { value: n };
    }
    case 'list':
    case 'choices': {
      const items = text
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
      return { value: items };
    }
    case 'map': {
      const map: Record<string, string> = {};
      for (const [i, line] of text.split('\n').entries()) {
        if (line.trim() === '') continue;
        const colon = line.indexOf(':');
        if (colon <= 0) return { issue: `line ${i + 1}: write it as "name: value"` };
        map[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
      }
      return { value: map };
    }
    case 'json':
      try {
        return { value: JSON.parse(text) as unknown };
      } catch {
        return { issue: 'must be valid JSON' };
      }
  }
}

/**
 * The object the boxes describe, ready to send, or what is wrong before sending (issues name
 * the field's key). Empty optional boxes are left out, so the server's defaults apply; an empty
 * secret box sends back the value `stored` holds (the API's mask), which keeps the secret.
 */
export function collectValues(
  fields: readonly FieldSpec[],
  values: FormValues,
  stored?: Record<string, unknown>,
): { value: Record<string, unknown>; issues: Issue[] } {
  const value: Record<string, unknown> = {};
  const issues: Issue[] = [];
  for (const field of fields) {
    const name = field.path[field.path.length - 1]!;
    if (field.kind === 'group') {
      const inner = collectValues(field.fields, values, stored);
      issues.push(...inner.issues);
      // Sent when it says something, or must, or replaces a stored one (emptied on purpose).
      if (
        Object.keys(inner.value).length > 0 ||
        field.required ||
        isStored(getIn(stored, field.path))
      ) {
        value[name] = inner.value;
      }
      continue;
    }
    const parsed = parseBox(field, values[field.key] ?? '');
    if ('issue' in parsed) {
      issues.push({ field: field.key, message: parsed.issue });
    } else if ('value' in parsed) {
      value[name] = parsed.value;
    } else if ('secret' in field && field.secret && isStored(getIn(stored, field.path))) {
      value[name] = getIn(stored, field.path);
    } else if (field.required) {
      issues.push({ field: field.key, message: 'is required' });
    }
  }
  return { value, issues };
}
