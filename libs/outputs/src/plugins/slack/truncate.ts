/** Appended where text was cut, so a reader knows there is more (in Aerie). */
export const ELLIPSIS = '…';

const identity = (s: string): string => s;

/**
 * `escape(text)` cut to at most `max` UTF-16 units, ending with `…` when cut. It cuts between code
 * points, never inside a surrogate pair or inside an escape such as `&amp;` (escaping is applied per
 * code point), so the result is always valid text. UTF-16 units are counted because they are never
 * fewer than the characters a service counts, whichever way it counts them.
 * Shared by the chat outputs (Slack, Teams); a candidate for `libs/outputs/src` when others need it.
 */
export function truncate(
  text: string,
  max: number,
  escape: (s: string) => string = identity,
): string {
  const whole = escape(text);
  if (whole.length <= max) return whole;
  const budget = max - ELLIPSIS.length;
  let out = '';
  for (const codePoint of text) {
    const piece = escape(codePoint);
    if (out.length + piece.length > budget) break;
    out += piece;
  }
  return out + ELLIPSIS;
}
