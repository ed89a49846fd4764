/** Longest return path kept: a dashboard URL with filters fits easily. */
const MAX_LENGTH = 2048;
const BASE = 'http://aerie.invalid';

/**
 * The path to go back to after sign-in, or undefined when `raw` is not a same-origin relative
 * path. Refuses what browsers would read as another origin (`//host`, `/\host`, schemes) and
 * control characters; returns the normalized form, checked again after dot segments are removed
 * (`/..//host` normalizes to `//host`).
 */
export function safeReturnTo(raw: string): string | undefined {
  if (raw.length === 0 || raw.length > MAX_LENGTH) return undefined;
  if (!raw.startsWith('/') || raw.startsWith('//')) return undefined;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\\\u0000-\u001f\u007f]/.test(raw)) return undefined;
  let url: URL;
  try {
    url = new URL(raw, BASE);
  } catch {
    return undefined;
  }
  if (url.origin !== BASE) return undefined;
  const path = `${url.pathname}${url.search}${url.hash}`;
  return path.startsWith('/') && !path.startsWith('//') ? path : undefined;
}
