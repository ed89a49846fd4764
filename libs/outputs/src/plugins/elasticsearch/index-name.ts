/**
 * Index names with a date pattern (`falco-%Y.%m.%d`): the date is the event's, in UTC, so an
 * event lands in the same index however late it is delivered — which is what lets a retry meet
 * the document it already created (`_id` is unique per index, not per cluster).
 */

const TOKEN = /%(.)/g;
const DATE_TOKENS: Readonly<Record<string, (d: Date) => string>> = {
  Y: (d) => String(d.getUTCFullYear()).padStart(4, '0'),
  m: (d) => String(d.getUTCMonth() + 1).padStart(2, '0'),
  d: (d) => String(d.getUTCDate()).padStart(2, '0'),
  H: (d) => String(d.getUTCHours()).padStart(2, '0'),
};

/** `pattern` with `%Y %m %d %H` of `date` (UTC) and `%%` as `%`. */
export function formatIndex(pattern: string, date: Date): string {
  return pattern.replace(TOKEN, (token, c: string) => {
    if (c === '%') return '%';
    const format = DATE_TOKENS[c];
    if (!format) throw new Error(`unknown index pattern token ${token}`);
    return format(date);
  });
}

export function hasDateTokens(pattern: string): boolean {
  return [...pattern.matchAll(TOKEN)].some((m) => m[1] !== '%');
}

/** The index names a pattern can give, as an index pattern: `falco-%Y.%m.%d` → `falco-*`. */
export function indexWildcard(pattern: string): string {
  const first = [...pattern.matchAll(TOKEN)].find((m) => m[1] !== '%');
  if (first === undefined) return formatIndex(pattern, new Date(0));
  return `${formatIndex(pattern.slice(0, first.index), new Date(0))}*`;
}

/** Characters Elasticsearch and OpenSearch refuse in an index or data stream name. */
const FORBIDDEN = /[\\/*?"<>| ,#:]/;
const MAX_NAME_BYTES = 255;

/**
 * Why `pattern` cannot name an index (or a data stream), or undefined when it can. Checked on a
 * sample date: the tokens always expand to digits, so one date stands for all of them.
 */
export function indexPatternProblem(pattern: string, dataStream: boolean): string | undefined {
  for (const m of pattern.matchAll(TOKEN)) {
    if (m[1] !== '%' && !(m[1]! in DATE_TOKENS)) {
      return `unknown token %${m[1]} (use %Y, %m, %d, %H or %% for a literal %)`;
    }
  }
  if (/%$/.test(pattern.replace(/%%/g, ''))) return 'ends with a lone % (write %% for a literal %)';
  if (dataStream && hasDateTokens(pattern)) {
    return 'a data stream name takes no date pattern: the stream rolls over by itself';
  }
  const name = formatIndex(pattern, new Date(Date.UTC(2026, 0, 1)));
  if (name === '' || name === '.' || name === '..') return 'must name an index';
  if (name !== name.toLowerCase()) return 'must be lower case';
  if (/^[-_+]/.test(name)) return 'must not start with -, _ or +';
  if (FORBIDDEN.test(name)) return 'must not contain \\ / * ? " < > | space , # or :';
  if (dataStream && name.startsWith('.ds-')) return 'must not start with .ds- (backing indices)';
  if (Buffer.byteLength(name) > MAX_NAME_BYTES) return 'must be at most 255 bytes';
  return undefined;
}
