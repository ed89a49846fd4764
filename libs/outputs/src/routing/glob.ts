/**
 * Globs as teams write them (`prod-*`, `payments-?`): `*` any run of characters, `?` exactly one,
 * everything else literal and case-sensitive — the semantics of the API's tenant scope
 * (apps/api/src/modules/access/tenant-scope.ts turns the same globs into SQL LIKE).
 */

const REGEX_SPECIAL = /[\\^$.|+()[\]{}]/g;

/** The anchored regular-expression source of one glob. */
export function globSource(glob: string): string {
  return glob
    .replace(REGEX_SPECIAL, (c) => `\\${c}`)
    .replace(/\*/g, '[\\s\\S]*')
    .replace(/\?/g, '[\\s\\S]');
}

/** One predicate for a list of globs (any may match); exact names skip the regex. */
export function compileGlobs(globs: readonly string[]): (value: string) => boolean {
  const exact = new Set(globs.filter((g) => !/[*?]/.test(g)));
  const patterns = globs.filter((g) => /[*?]/.test(g));
  if (patterns.length === 0) return (value) => exact.has(value);
  // `u`: `?` takes one character, not one UTF-16 half of an emoji, as LIKE does.
  const re = new RegExp(`^(?:${patterns.map(globSource).join('|')})$`, 'u');
  return (value) => exact.has(value) || re.test(value);
}
