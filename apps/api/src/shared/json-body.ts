import type { z } from 'zod';
import { issuesFromZod } from '@aerie/contracts';
import { ApiError } from './api-error.js';

/**
 * Parses and validates a JSON body (bodies arrive raw, see app.factory.ts); 400 `code` naming
 * each bad field otherwise.
 */
export function jsonBody<S extends z.ZodType>(body: unknown, schema: S, code: string): z.output<S> {
  if (!Buffer.isBuffer(body) || body.length === 0) {
    throw ApiError.invalid(code, [{ field: '(body)', message: 'must be a JSON object' }]);
  }
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw ApiError.invalid(code, [
      { field: '(body)', message: `is not valid JSON: ${(err as Error).message}` },
    ]);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw ApiError.invalid(code, issuesFromZod(parsed.error));
  return parsed.data;
}

/** 404 naming what was not found. */
export function found<T>(value: T | undefined, what: string, id: string): T {
  if (value === undefined)
    throw new ApiError(404, 'not_found', `no ${what} with id ${JSON.stringify(id)}`);
  return value;
}
