/**
 * Falcosidekick's ad-hoc list forms in environment variables: `a,b` and `k:v,k2:v2`. Items are
 * trimmed; a pair splits at its first `:` (Falcosidekick drops header values holding a `:`, such
 * as `Authorization:Basic a:b`; keeping them is the only change).
 */

export function parseList(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

export interface ParsedPairs {
  pairs: Record<string, string>;
  /** 1-based positions of items without `:` (never their text: it may be a credential). */
  skipped: number[];
}

export function parsePairs(text: string): ParsedPairs {
  const pairs: Record<string, string> = {};
  const skipped: number[] = [];
  parseList(text).forEach((item, index) => {
    const colon = item.indexOf(':');
    if (colon <= 0) skipped.push(index + 1);
    else pairs[item.slice(0, colon).trim()] = item.slice(colon + 1).trim();
  });
  return { pairs, skipped };
}
