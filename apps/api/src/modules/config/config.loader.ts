import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { formatPath } from '@aerie/contracts';
import { ConfigSchema, type AerieConfig } from './config.schema.js';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;
type Kind = 'string' | 'int' | 'bool' | 'map' | 'list';
type Tree = Record<string, unknown>;

/** Environment variables and the config path they override. */
const ENV_KEYS: ReadonlyArray<readonly [string, string[], Kind]> = [
  ['PORT', ['port'], 'int'],
  ['AERIE_LISTEN_ADDRESS', ['listenAddress'], 'string'],
  ['AERIE_DATA_DIR', ['dataDir'], 'string'],
  ['DATABASE_URL', ['databaseUrl'], 'string'],
  ['AERIE_LOG_LEVEL', ['logLevel'], 'string'],
  ['AERIE_PUBLIC_URL', ['publicUrl'], 'string'],
  ['AERIE_BASE_PATH', ['basePath'], 'string'],
  ['AERIE_FALCOSIDEKICK_CONFIG', ['falcosidekickConfig'], 'string'],
  ['AERIE_TLS_CERT_FILE', ['tls', 'certFile'], 'string'],
  ['AERIE_TLS_KEY_FILE', ['tls', 'keyFile'], 'string'],
  ['AERIE_TLS_CLIENT_CA_FILE', ['tls', 'clientCaFile'], 'string'],
  ['AERIE_BODY_LIMIT', ['ingest', 'bodyLimit'], 'int'],
  ['AERIE_BATCH_MAX_SIZE', ['ingest', 'batch', 'maxSize'], 'int'],
  ['AERIE_BATCH_MAX_WAIT_MS', ['ingest', 'batch', 'maxWaitMs'], 'int'],
  ['AERIE_DEFAULT_CLUSTER', ['ingest', 'defaultCluster'], 'string'],
  ['AERIE_CUSTOM_FIELDS', ['ingest', 'customFields'], 'map'],
  ['AERIE_CUSTOM_TAGS', ['ingest', 'customTags'], 'list'],
  ['AERIE_INGEST_REQUIRE_TOKEN', ['ingest', 'requireToken'], 'bool'],
  ['AERIE_INGEST_RATE_LIMIT', ['ingest', 'rateLimit', 'perSecond'], 'int'],
  ['AERIE_INGEST_RATE_BURST', ['ingest', 'rateLimit', 'burst'], 'int'],
  ['AERIE_OIDC_ISSUER', ['auth', 'oidc', 'issuer'], 'string'],
  ['AERIE_OIDC_CLIENT_ID', ['auth', 'oidc', 'clientId'], 'string'],
  ['AERIE_OIDC_CLIENT_SECRET', ['auth', 'oidc', 'clientSecret'], 'string'],
  ['AERIE_OIDC_REDIRECT_URI', ['auth', 'oidc', 'redirectUri'], 'string'],
];

/**
 * YAML file (AERIE_CONFIG) + environment variables that override it, validated at start.
 * Every wrong key is reported at once, with where it came from.
 */
export function loadConfig(env: Env = process.env): AerieConfig {
  const problems: string[] = [];
  const origin = new Map<string, string>();
  let tree: Tree = {};
  const file = env['AERIE_CONFIG'];
  if (file !== undefined && file !== '') {
    try {
      const parsed: unknown = parseYaml(readFileSync(file, 'utf8'));
      if (parsed !== null && parsed !== undefined) {
        if (typeof parsed !== 'object' || Array.isArray(parsed))
          problems.push(`${file}: must be a YAML mapping`);
        else tree = parsed as Tree;
      }
    } catch (err) {
      // Only where: YAML's message quotes the line, which may hold a password.
      const pos = (err as { linePos?: Array<{ line: number; col: number }> }).linePos?.[0];
      const where = pos ? ` at line ${pos.line}, column ${pos.col}` : '';
      const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).name;
      problems.push(`AERIE_CONFIG=${file}: cannot be read${where} (${reason})`);
    }
  }
  for (const [name, path, kind] of ENV_KEYS) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    const value = convert(raw, kind);
    if (value === undefined) {
      problems.push(`${name}: ${describeKind(kind)}, got ${JSON.stringify(raw)}`);
      continue;
    }
    setPath(tree, path, value);
    origin.set(path.join('.'), name);
  }
  const result = ConfigSchema.safeParse(tree);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const key = formatPath('', issue.path);
      const from = origin.get(issue.path.join('.'));
      const unknown =
        issue.code === 'unrecognized_keys'
          ? `unknown key(s) ${issue.keys.join(', ')}`
          : issue.message;
      problems.push(
        `${key === '(body)' ? '(top level)' : key}: ${unknown}${from ? ` (from ${from})` : ''}`,
      );
    }
  }
  if (problems.length > 0 || !result.success) throw new ConfigError(problems);
  return result.data;
}

function convert(raw: string, kind: Kind): unknown {
  switch (kind) {
    case 'string':
      return raw;
    case 'bool':
      return { true: true, false: false }[raw.trim().toLowerCase()];
    case 'int':
      return /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : undefined;
    case 'list':
      return raw
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
    case 'map':
      return parseMap(raw);
  }
}

/** `{"k":"v"}` (JSON, for values with `:` or `,`) or Falcosidekick's `k:v,k2:v2`. */
function parseMap(raw: string): Record<string, string> | undefined {
  if (raw.trim().startsWith('{')) {
    try {
      const v: unknown = JSON.parse(raw);
      return typeof v === 'object' && v !== null && !Array.isArray(v)
        ? (v as Record<string, string>)
        : undefined;
    } catch {
      return undefined;
    }
  }
  const out: Record<string, string> = {};
  for (const pair of raw.split(',')) {
    const i = pair.indexOf(':');
    if (i <= 0) return undefined;
    out[pair.slice(0, i).trim()] = pair.slice(i + 1).trim();
  }
  return out;
}

function describeKind(kind: string): string {
  return {
    string: 'must be a string',
    int: 'must be a non-negative integer',
    bool: 'must be true or false',
    map: 'must be k:v,k2:v2 or a JSON object of strings',
    list: 'must be a comma-separated list',
  }[kind] as string;
}

function setPath(tree: Tree, path: string[], value: unknown): void {
  let node = tree;
  path.slice(0, -1).forEach((key) => {
    const next = node[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[key] = {};
    node = node[key] as Tree;
  });
  node[path[path.length - 1] as string] = value;
}
