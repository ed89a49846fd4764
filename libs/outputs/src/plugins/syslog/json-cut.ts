import { memberText } from '../webhook/json-text.js';
import { cut } from './fit.js';

/**
 * A JSON text with every string value longer than `limit` characters cut (see `cut`); keys,
 * numbers (exact, as written) and structure are untouched, so the result is still valid JSON.
 */
export function cutJsonStrings(json: string, limit: number): string {
  if (limit === Infinity) return json;
  let out = '';
  let from = 0;
  for (let i = 0; i < json.length; i++) {
    if (json[i] !== '"') continue;
    let end = i + 1;
    while (end < json.length && json[end] !== '"') end += json[end] === '\\' ? 2 : 1;
    end++; // past the closing quote
    // A token no longer than the limit cannot hold a longer string; keys are never cut.
    if (end - i - 2 > limit && !isKey(json, end)) {
      const value = JSON.parse(json.slice(i, end)) as string;
      if (value.length > limit) {
        out += json.slice(from, i) + JSON.stringify(cut(value, limit));
        from = end;
      }
    }
    i = end - 1;
  }
  return out + json.slice(from);
}

/** A string followed by `:` is an object key. */
function isKey(json: string, after: number): boolean {
  let i = after;
  while (i < json.length && /\s/.test(json[i] ?? '')) i++;
  return json[i] === ':';
}

/**
 * The last resort for an event JSON that cannot fit with its strings cut: its output fields
 * replaced by `{}` (the other members are bounded) and long strings cut to 256 characters.
 */
export function withoutOutputFields(json: string): string {
  const fields = memberText(json, 'output_fields');
  const member = `"output_fields":${fields ?? ''}`;
  const at = fields === undefined ? -1 : json.indexOf(member);
  const bare =
    at < 0 ? json : `${json.slice(0, at)}"output_fields":{}${json.slice(at + member.length)}`;
  return cutJsonStrings(bare, 256);
}
