import type { SecretBox } from '../secrets/secret-box.js';

/** Marks a sealed value in stored JSON, so opening never mistakes a plain string for one. */
const SEALED = '$sealed';

type Json = Record<string, unknown>;

function walk(config: Json, path: string, fn: (value: unknown) => unknown): Json {
  const [head, ...rest] = path.split('.');
  if (head === undefined || !(head in config)) return config;
  const value = config[head];
  if (rest.length === 0) return { ...config, [head]: fn(value) };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return config;
  return { ...config, [head]: walk(value as Json, rest.join('.'), fn) };
}

/** The settings with each secret field (dotted path) sealed for storage, bound to the output. */
export function sealSecrets(
  box: SecretBox,
  outputId: string,
  config: Json,
  secretFields: readonly string[],
): Json {
  let out = config;
  for (const field of secretFields) {
    out = walk(out, field, (v) =>
      typeof v === 'string'
        ? { [SEALED]: box.seal(v, `output:${outputId}:${field}`) }
        : v === undefined || v === null
          ? v
          : { [SEALED]: box.seal(JSON.stringify(v), `output:${outputId}:${field}:json`) },
    );
  }
  return out;
}

/** The inverse of sealSecrets, for the engine only (never for an API answer). */
export function openSecrets(
  box: SecretBox,
  outputId: string,
  config: Json,
  secretFields: readonly string[],
): Json {
  let out = config;
  for (const field of secretFields) {
    out = walk(out, field, (v) => {
      if (typeof v !== 'object' || v === null || !(SEALED in v)) return v;
      const sealed = String((v as Json)[SEALED]);
      try {
        return box.open(sealed, `output:${outputId}:${field}`);
      } catch {
        return JSON.parse(box.open(sealed, `output:${outputId}:${field}:json`)) as unknown;
      }
    });
  }
  return out;
}
