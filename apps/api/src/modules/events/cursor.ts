import { ApiError } from '../../shared/api-error.js';

/** Where a page ended: the sort key of its last item, and the order it was read in. */
export interface CursorPosition {
  /** Sort time, ISO with µs ('' when the page is sorted by seq alone). */
  t: string;
  /** Tie-breaker: seq for events, id for groups. */
  k: string | number;
  o: 'asc' | 'desc';
}

/** Opaque to clients: base64url JSON. Filters are not inside: the client sends them again. */
export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

const ISO_MICROS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const KEYS = {
  seq: /^\d{1,18}$/,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
};

/** Checks every part strictly: whatever reaches SQL must be a valid time and key. */
export function decodeCursor(
  cursor: string,
  order: 'asc' | 'desc',
  key: keyof typeof KEYS,
): CursorPosition {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof value !== 'object' || value === null) throw invalid();
  const { t, k, o } = value as Record<string, unknown>;
  const timeless = key === 'seq' && t === '';
  if (
    typeof t !== 'string' ||
    (!timeless && (!ISO_MICROS.test(t) || Number.isNaN(Date.parse(t))))
  ) {
    throw invalid();
  }
  if ((typeof k !== 'string' && typeof k !== 'number') || !KEYS[key].test(String(k)))
    throw invalid();
  if (o !== order) {
    throw ApiError.invalid('invalid_query', [
      { field: 'cursor', message: `was made for order=${String(o)}; send the same order` },
    ]);
  }
  return { t, k, o: order };
}

function invalid(): ApiError {
  return ApiError.invalid('invalid_query', [
    { field: 'cursor', message: 'is not a cursor returned by this API' },
  ]);
}
