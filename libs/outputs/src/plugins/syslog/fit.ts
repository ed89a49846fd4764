import { truncate } from '../webhook/text.js';

/**
 * A value cut to `limit` characters, ending in `…` when cut. `Infinity` keeps it whole; 0 is the
 * last resort, where a format leaves out its unbounded parts (output fields, the output text).
 */
export function cut(value: string, limit: number): string {
  if (limit === Infinity) return value;
  return limit === 0 ? '' : truncate(value, limit);
}

/**
 * The message within `maxBytes` of UTF-8. `render(limit)` renders it with every cuttable value
 * cut to `limit` characters; the longest limit that fits is searched (a message that fits is
 * rendered once). If none does (thousands of fields), it is rendered without the unbounded parts
 * (limit 0), and as the very last resort cut at a character boundary.
 */
export function fitMessage(render: (limit: number) => string, maxBytes: number): string {
  const fits = (message: string) => Buffer.byteLength(message, 'utf8') <= maxBytes;
  const full = render(Infinity);
  if (fits(full)) return full;
  let lo = 1;
  let hi = maxBytes;
  let best: string | undefined;
  while (lo <= hi) {
    const mid = Math.floor((lo + hi) / 2);
    const message = render(mid);
    if (fits(message)) {
      best = message;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  if (best !== undefined) return best;
  const bare = render(0);
  return fits(bare) ? bare : cutBytes(bare, maxBytes);
}
/** The first `maxBytes` bytes of the UTF-8 text, never ending inside a character. */
export function cutBytes(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  let end = maxBytes;
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString('utf8');
}
