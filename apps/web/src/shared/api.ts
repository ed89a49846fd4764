import { ErrorBodySchema, type Issue } from '@aerie/contracts';

/** A failed API call: the server's message, its stable `error` code and field issues. */
export class ApiError extends Error {
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly issues: readonly Issue[];
  /** From `Retry-After` on 429/503: how long to wait before trying again. */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    message: string,
    details: {
      status?: number;
      code?: string;
      issues?: readonly Issue[];
      retryAfterSeconds?: number;
    } = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = details.status;
    this.code = details.code;
    this.issues = details.issues ?? [];
    this.retryAfterSeconds = details.retryAfterSeconds;
  }
}

/** What the request helpers need of a schema; the zod schemas of `@aerie/contracts` fit. */
export interface Schema<T> {
  safeParse(data: unknown):
    | { success: true; data: T }
    | {
        success: false;
        error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> };
      };
}

/**
 * `{items: T[]}`, the shape of every list answer, validated item by item with `item`.
 * (The dashboard has no zod of its own; the contracts' item schemas do the real work.)
 */
export function itemsSchema<T>(item: Schema<T>): Schema<{ items: T[] }> {
  return {
    safeParse(data) {
      const items = typeof data === 'object' && data !== null && 'items' in data && data.items;
      if (!Array.isArray(items)) {
        return {
          success: false,
          error: { issues: [{ path: ['items'], message: 'expected an array' }] },
        };
      }
      const out: T[] = [];
      for (const [i, value] of items.entries()) {
        const parsed = item.safeParse(value);
        if (!parsed.success) {
          const issues = parsed.error.issues.map((x) => ({ ...x, path: ['items', i, ...x.path] }));
          return { success: false, error: { issues } };
        }
        out.push(parsed.data);
      }
      return { success: true, data: { items: out } };
    },
  };
}

// The session's CSRF token, sent back on every state-changing call (the cookie alone is not
// proof that the page asking is ours). Set by the session on sign-in, cleared on sign-out.
let csrfToken: string | undefined;
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

// The one place a 401 turns into "signed out": the session listens here.
const unauthorizedListeners = new Set<() => void>();
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  /** Sent as JSON. */
  body?: unknown;
  signal?: AbortSignal;
  /** A 401 is this call's answer (sign-in, "who am I"), not a sign that the session ended. */
  unauthorizedIsAnswer?: boolean;
}

/** Calls the API; resolves with nothing (2xx, body ignored) or, given a schema, the validated body. */
export function request(method: Method, path: string, options?: RequestOptions): Promise<void>;
export function request<T>(
  method: Method,
  path: string,
  options: RequestOptions & { schema: Schema<T> },
): Promise<T>;
export async function request<T>(
  method: Method,
  path: string,
  options: RequestOptions & { schema?: Schema<T> } = {},
): Promise<T | void> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;

  const res = await fetch(apiUrl(path), {
    method,
    headers,
    credentials: 'same-origin',
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: options.signal,
  });
  const body: unknown = res.status === 204 ? undefined : await res.json().catch(() => undefined);

  if (!res.ok) {
    if (res.status === 401 && !options.unauthorizedIsAnswer) {
      for (const listener of [...unauthorizedListeners]) listener();
    }
    throw errorFrom(res, body);
  }
  if (!options.schema) return;
  const parsed = options.schema.safeParse(body);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first ? ` (${first.path.map(String).join('.') || 'body'}: ${first.message})` : '';
    throw new ApiError(`unexpected answer from ${path}${where}`, { status: res.status });
  }
  return parsed.data;
}

/** GETs `path` and validates the JSON answer with `schema` (`unknown` + zod at the boundary). */
export function getJson<T>(path: string, schema: Schema<T>, signal?: AbortSignal): Promise<T> {
  return request('GET', path, { schema, signal });
}

/** Error bodies follow the contracts' `ErrorBody` (`{error, message, issues?}`). */
function errorFrom(res: Response, body: unknown): ApiError {
  const parsed = ErrorBodySchema.safeParse(body);
  const retryAfterSeconds = parseRetryAfter(res.headers.get('retry-after'));
  if (!parsed.success) {
    return new ApiError(`HTTP ${res.status} ${res.statusText || 'request failed'}`.trim(), {
      status: res.status,
      retryAfterSeconds,
    });
  }
  return new ApiError(parsed.data.message, {
    status: res.status,
    code: parsed.data.error,
    issues: parsed.data.issues,
    retryAfterSeconds,
  });
}

/** `Retry-After` is seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

/**
 * `/api/v1/x` → `api/v1/x`: relative to the page, so the dashboard works under whatever path
 * prefix an ingress serves it at (the page is always `<prefix>/`; views live in the hash).
 */
export function apiUrl(path: string): string {
  return path.replace(/^\/+/, '');
}
