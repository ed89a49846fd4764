import { ApiError } from '../../shared/api-error.js';

/** The two feeds of the pull API; a cursor of one is refused by the other. */
export type SiemFeed = 'events' | 'audit';

const FEED_KEY: Record<SiemFeed, string> = { events: 'e', audit: 'a' };

/**
 * Opaque to clients (base64url JSON): the feed and the seq after which the next page starts.
 * Filters are not inside — the next link carries them — so a cursor is valid with any filter.
 */
export function encodeSiemCursor(feed: SiemFeed, after: number): string {
  return Buffer.from(JSON.stringify({ f: FEED_KEY[feed], s: after })).toString('base64url');
}

/** The seq a cursor of `feed` starts after; 400 for anything this API did not make. */
export function decodeSiemCursor(feed: SiemFeed, cursor: string): number {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid('is not a cursor returned by this API');
  }
  if (typeof value !== 'object' || value === null)
    throw invalid('is not a cursor returned by this API');
  const { f, s } = value as Record<string, unknown>;
  if (typeof s !== 'number' || !Number.isSafeInteger(s) || s < 0 || (f !== 'e' && f !== 'a'))
    throw invalid('is not a cursor returned by this API');
  if (f !== FEED_KEY[feed])
    throw invalid(`was made for /api/v1/siem/${f === 'e' ? 'events' : 'audit'}, not ${feed}`);
  return s;
}

function invalid(message: string): ApiError {
  return ApiError.invalid('invalid_query', [{ field: 'cursor', message }]);
}
