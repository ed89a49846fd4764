/** A failed API call, with the HTTP status when the server answered. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** What `getJson` needs of a schema; the zod schemas of `@aerie/contracts` fit. */
export interface Schema<T> {
  safeParse(data: unknown):
    | { success: true; data: T }
    | {
        success: false;
        error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> };
      };
}

/**
 * GETs `path` and validates the JSON answer with `schema` (`unknown` + zod at the boundary).
 * Error bodies follow the contracts' `ErrorBody` (`{error, message}`); their message is kept.
 */
export async function getJson<T>(
  path: string,
  schema: Schema<T>,
  signal?: AbortSignal,
): Promise<T> {
  const res = await fetch(path, { headers: { accept: 'application/json' }, signal });
  const body: unknown = await res.json().catch(() => undefined);
  if (!res.ok) {
    const message =
      typeof body === 'object' &&
      body !== null &&
      'message' in body &&
      typeof body.message === 'string'
        ? body.message
        : res.statusText || 'request failed';
    throw new ApiError(`${path}: ${res.status} ${message}`, res.status);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first ? ` (${first.path.map(String).join('.') || 'body'}: ${first.message})` : '';
    throw new ApiError(`${path}: unexpected answer${where}`, res.status);
  }
  return parsed.data;
}
