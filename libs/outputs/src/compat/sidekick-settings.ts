import { parseList, parsePairs, type ParsedPairs } from './sidekick-pairs.js';

/** Where Falcosidekick's settings come from: its environment and its parsed `config.yaml`. */
export interface SidekickInput {
  env?: Readonly<Record<string, string | undefined>>;
  /** The YAML document, already parsed (`yaml.parse`): any shape is accepted. */
  configYaml?: unknown;
}

/** A key path in lower case, e.g. `['aws', 'lambda', 'functionname']`. */
export type KeyPath = readonly string[];

/**
 * Falcosidekick's settings as Viper reads them: YAML keys are case-insensitive, the environment
 * variable of `slack.webhookurl` is `SLACK_WEBHOOKURL`, and a non-empty variable overrides the
 * file (an empty one does not: Viper ignores empty variables by default).
 */
export interface SidekickSettings {
  /** The value as text (YAML numbers and booleans too), trimmed; undefined when unset or empty. */
  text(path: KeyPath): string | undefined;
  /** A comma list (`a,b` in the environment, a string or a YAML sequence in the file). */
  list(path: KeyPath): string[] | undefined;
  /** A map (`k:v,k2:v2` in the environment, a YAML mapping or such a string in the file). */
  pairs(path: KeyPath): ParsedPairs | undefined;
}

export function envName(path: KeyPath): string {
  return path.join('_').toUpperCase();
}

/** `slack.minimumpriority (SLACK_MINIMUMPRIORITY)`: both spellings, for messages. */
export function keyName(path: KeyPath): string {
  return `${path.join('.')} (${envName(path)})`;
}

type Tree = ReadonlyMap<string, unknown>;

/** Lower-cases mapping keys at every depth (Viper's keys are case-insensitive). */
function normalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalize);
  if (value === null || typeof value !== 'object') return value;
  const tree = new Map<string, unknown>();
  for (const [key, child] of Object.entries(value)) tree.set(key.toLowerCase(), normalize(child));
  return tree;
}

function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

export function readSettings(input: SidekickInput): SidekickSettings {
  const env = input.env ?? {};
  const root = normalize(input.configYaml);
  const fromFile = (path: KeyPath): unknown => {
    let node: unknown = root;
    for (const key of path) {
      if (!(node instanceof Map)) return undefined;
      node = (node as Tree).get(key);
    }
    return node;
  };
  const fromEnv = (path: KeyPath): string | undefined => {
    const value = env[envName(path)];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  return {
    text: (path) => fromEnv(path) ?? scalarText(fromFile(path)),
    list: (path) => {
      const value = fromEnv(path) ?? fromFile(path);
      if (Array.isArray(value)) {
        return value.map(scalarText).filter((v): v is string => v !== undefined);
      }
      const text = scalarText(value);
      return text === undefined ? undefined : parseList(text);
    },
    pairs: (path) => {
      const value = fromEnv(path) ?? fromFile(path);
      if (value instanceof Map) {
        const pairs: Record<string, string> = {};
        const skipped: number[] = [];
        [...(value as Tree).entries()].forEach(([key, child], index) => {
          const text = scalarText(child);
          if (text === undefined) skipped.push(index + 1);
          else pairs[key] = text;
        });
        return { pairs, skipped };
      }
      const text = scalarText(value);
      return text === undefined ? undefined : parsePairs(text);
    },
  };
}
