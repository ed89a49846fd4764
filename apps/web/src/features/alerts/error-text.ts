import { ApiError } from '../../shared/api';

/** The server's message with its field issues (`assignee: no enabled user "bob"`). */
export function errorText(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  if (!(err instanceof ApiError) || err.issues.length === 0) return err.message;
  return [err.message, ...err.issues.map((i) => `${i.field}: ${i.message}`)].join(' — ');
}
