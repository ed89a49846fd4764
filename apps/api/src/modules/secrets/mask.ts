import { TOKEN_PREFIX } from '@aerie/contracts';

/**
 * What a secret becomes. Nothing of the value is kept (no last 4 characters: of a short password
 * that is half of it, and a fixed length hides the length too); ASCII so it stays valid inside a
 * URL; constant, so an API can take it sent back unchanged as "keep the stored secret".
 */
export const MASK = '********';

/** Turns one secret into what is shown instead; `path` names where it was (`auth.oidc.clientSecret`). */
export type SecretReplacer = (secret: string, path: string) => string;

/** Key names (lower case, without `-`/`_`) whose value is a secret wherever they appear. */
const SECRET_NAMES = new Set([
  'authorization',
  'proxyauthorization',
  'cookie',
  'setcookie',
  'bearer',
  'pwd',
  'dsn',
  'sas',
  'webhook',
  'hookurl',
  'sessionid',
]);
/** …and names ending like these: `clientSecret`, `api_key`, `X-Api-Key`, `hecToken`, `saslPassword`. */
const SECRET_SUFFIXES = [
  'password',
  'passwd',
  'passphrase',
  'secret',
  'token',
  'apikey',
  'privatekey',
  'accesskey',
  'secretkey',
  'credentials',
  'webhookurl',
  'routingkey',
  'integrationkey',
  'connectionstring',
];
/** Query parameters that carry credentials beyond the key names above (signed URLs, API keys). */
const SECRET_QUERY_PARAMS = new Set(['key', 'sig', 'signature', 'code', 'auth', 'xamzsignature']);

/** Chat webhooks whose URL path is the credential itself: anyone holding it can post. */
const WEBHOOK_URL =
  /(https?:\/\/(?:hooks\.slack\.com|hooks\.zapier\.com|(?:[a-z0-9-]+\.)?webhook\.office\.com|outlook\.office\.com\/webhook|(?:canary\.|ptb\.)?discord(?:app)?\.com\/api\/webhooks))(\/[^\s"'<>]+)/gi;
/**
 * `scheme://user:password@host`: the password ends at the last `@` of the authority. The scheme's
 * length is bounded so `a.a.a.…` cannot make every word boundary rescan the rest (quadratic).
 */
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]{0,31}:\/\/[^\s:/?#@]*:)([^\s/?#]+)@/gi;
/** Separators are excluded from name and value: a run of them must not make this quadratic. */
const QUERY_PARAM = /([?&;])([^=&;#\s"'?]+)=([^&;#\s"'<>]+)/g;
const AERIE_TOKEN = new RegExp(`${TOKEN_PREFIX}([A-Za-z0-9_-]{43})`, 'g');

function normalize(key: string): string {
  return key.toLowerCase().replace(/[^a-z0-9]/g, '');
}

export function isSecretKey(key: string, extra?: ReadonlySet<string>): boolean {
  const name = normalize(key);
  return (
    SECRET_NAMES.has(name) ||
    SECRET_SUFFIXES.some((suffix) => name.endsWith(suffix)) ||
    (extra?.has(name) ?? false)
  );
}

/**
 * Secrets inside free text: URL passwords, credential query parameters, chat webhook paths and
 * Aerie tokens. Used on every string, whatever its key, since error messages embed URLs.
 */
export function maskString(text: string, replace: SecretReplacer = () => MASK, path = ''): string {
  // Fast path: most strings (log messages, names) hold none of the shapes below.
  if (!text.includes('://') && !text.includes('=') && !text.includes(TOKEN_PREFIX)) return text;
  return text
    .replace(WEBHOOK_URL, (_m, base: string, rest: string) => `${base}/${replace(rest, path)}`)
    .replace(URL_PASSWORD, (_m, head: string, password: string) => {
      return `${head}${password === MASK ? MASK : replace(password, path)}@`;
    })
    .replace(QUERY_PARAM, (whole, sep: string, name: string, value: string) => {
      const key = normalize(name);
      if (value === MASK || (!isSecretKey(key) && !SECRET_QUERY_PARAMS.has(key))) return whole;
      return `${sep}${name}=${replace(value, path)}`;
    })
    .replace(AERIE_TOKEN, (_m, rest: string) => `${TOKEN_PREFIX}${replace(rest, path)}`);
}

/**
 * A copy of `value` with every secret replaced by MASK: values of secret-named keys (anywhere,
 * in objects and arrays, case and `-`/`_` ignored) and secrets inside strings (maskString).
 * Booleans, numbers and null under a secret name are kept (`requireToken: true` is no secret);
 * bytes under one become MASK. `secretKeys` adds names. The input is not modified.
 */
export function maskSecrets<T>(value: T, secretKeys?: Iterable<string>): T {
  return replaceSecrets(value, () => MASK, secretKeys);
}

/** maskSecrets with another replacement, e.g. a fingerprint for the configuration audit. */
export function replaceSecrets<T>(
  value: T,
  replace: SecretReplacer,
  secretKeys?: Iterable<string>,
): T {
  const extra = new Set([...(secretKeys ?? [])].map(normalize));
  return walk(value, '', false, { replace, extra, ancestors: new Set() }) as T;
}

interface Walk {
  replace: SecretReplacer;
  extra: ReadonlySet<string>;
  /** The objects being walked, to cut cycles (shared, non-cyclic references are fine). */
  ancestors: Set<object>;
}

function walk(value: unknown, path: string, secret: boolean, w: Walk): unknown {
  if (typeof value === 'string') {
    if (!secret) return maskString(value, w.replace, path);
    return value === MASK ? MASK : w.replace(value, path);
  }
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Uint8Array) {
    return secret ? w.replace(Buffer.from(value).toString('base64'), path) : value;
  }
  if (value instanceof Date) return value;
  if (w.ancestors.has(value)) return '[Circular]';
  w.ancestors.add(value);
  try {
    if (value instanceof Error) return maskError(value, path, secret, w);
    if (Array.isArray(value)) {
      return value.map((item, i) => walk(item, `${path}[${i}]`, secret, w));
    }
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const inner = secret || isSecretKey(key, w.extra);
      out[key] = walk(item, path === '' ? key : `${path}.${key}`, inner, w);
    }
    return out;
  } finally {
    w.ancestors.delete(value);
  }
}

/**
 * A copy that is still an Error of the same class, so loggers serialize it as one: message, stack
 * and cause masked, and its own properties (an HTTP client error's request headers) walked.
 */
function maskError(error: Error, path: string, secret: boolean, w: Walk): Error {
  const copy = Object.create(Object.getPrototypeOf(error) as object) as Error;
  const hidden = (value: unknown) => ({ value, writable: true, configurable: true });
  Object.defineProperty(copy, 'message', hidden(walk(error.message, path, secret, w)));
  Object.defineProperty(copy, 'stack', hidden(walk(error.stack, path, secret, w)));
  if (error.cause !== undefined) {
    Object.defineProperty(copy, 'cause', hidden(walk(error.cause, path, secret, w)));
  }
  for (const [key, item] of Object.entries(error)) {
    const inner = secret || isSecretKey(key, w.extra);
    (copy as unknown as Record<string, unknown>)[key] = walk(item, `${path}.${key}`, inner, w);
  }
  return copy;
}

/**
 * pino `redact` paths: the headers and query parameters that carry credentials, cut before the
 * line is written even by a logger that does not mask (createLogger also masks every object).
 */
export const LOG_REDACT_PATHS: readonly string[] = [
  'authorization',
  'cookie',
  'token',
  'password',
  'secret',
  'headers.authorization',
  'headers["proxy-authorization"]',
  'headers.cookie',
  'headers["set-cookie"]',
  'headers["x-api-key"]',
  'req.headers.authorization',
  'req.headers["proxy-authorization"]',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'req.query.token',
  'req.query.access_token',
  'res.headers["set-cookie"]',
  'query.token',
  'query.access_token',
  'config.auth.oidc.clientSecret',
  '*.password',
  '*.secret',
  '*.token',
  '*.clientSecret',
  '*.apiKey',
];
