/**
 * Exact JSON texts. Aerie's event JSON carries numbers no double can hold (Falco's `evt.time` is
 * an integer of ns beyond 2^53); outputs that forward field values cut them out of the stored
 * text instead of re-serializing a parsed (rounded) copy.
 */

/**
 * The exact text of a top-level member's value in a JSON object text, or undefined when the
 * object has no such member. A single scan that skips strings and nested values, so a key inside
 * a nested object or a string never matches.
 */
export function memberText(json: string, key: string): string | undefined {
  let i = skipSpace(json, 0);
  if (json[i] !== '{') return undefined;
  i = skipSpace(json, i + 1);
  while (i < json.length && json[i] !== '}') {
    const keyEnd = stringEnd(json, i);
    const name = JSON.parse(json.slice(i, keyEnd)) as string;
    i = skipSpace(json, keyEnd);
    if (json[i] !== ':') throw new SyntaxError(`expected ':' at ${i}`);
    const start = skipSpace(json, i + 1);
    const end = valueEnd(json, start);
    if (name === key) return json.slice(start, end);
    i = skipSpace(json, end);
    if (json[i] === ',') i = skipSpace(json, i + 1);
  }
  return undefined;
}

export function skipSpace(s: string, i: number): number {
  while (i < s.length && /\s/.test(s[i] ?? '')) i++;
  return i;
}

/** Index just past the string starting at `i` (which must be `"`). */
export function stringEnd(s: string, i: number): number {
  if (s[i] !== '"') throw new SyntaxError(`expected a string at ${i}`);
  for (let j = i + 1; j < s.length; j++) {
    if (s[j] === '\\') j++;
    else if (s[j] === '"') return j + 1;
  }
  throw new SyntaxError('unterminated string');
}

/** Index just past the value starting at `i`. */
export function valueEnd(s: string, i: number): number {
  const c = s[i];
  if (c === '"') return stringEnd(s, i);
  if (c === '{' || c === '[') {
    let depth = 0;
    for (let j = i; j < s.length; j++) {
      const d = s[j];
      if (d === '"') j = stringEnd(s, j) - 1;
      else if (d === '{' || d === '[') depth++;
      else if (d === '}' || d === ']') {
        depth--;
        if (depth === 0) return j + 1;
      }
    }
    throw new SyntaxError('unterminated value');
  }
  let j = i;
  while (j < s.length && !/[\s,}\]]/.test(s[j] ?? '')) j++;
  return j;
}
