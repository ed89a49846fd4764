/**
 * Byte budgets for batching outputs whose destination caps a request or a line (Loki's
 * `max_line_size`, Azure Monitor's 1 MB a call). The engine hands a plugin N events; these
 * helpers make the N fit by shortening the largest, never by dropping one.
 */
import { truncate } from '../webhook/text.js';

export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text);
}

/** At most `max` UTF-8 bytes, ending in `…` when cut; never splits a code point. */
export function truncateBytes(text: string, max: number): string {
  if (utf8Bytes(text) <= max) return text;
  const room = max - 3; // `…` is 3 bytes
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    const size = utf8Bytes(char);
    if (bytes + size > room) break;
    bytes += size;
    end += char.length;
  }
  return room > 0 ? `${text.slice(0, end)}…` : '';
}

/**
 * Each item's cap so that the caps add up to at most `budget`: items at or under their fair share
 * keep their size, and what they leave is shared equally among the larger ones (water-filling).
 * One huge event in a batch of small ones is cut; the small ones are not.
 */
export function fairShares(sizes: readonly number[], budget: number): number[] {
  const caps = [...sizes];
  let left = budget;
  sizes
    .map((size, index) => ({ size, index }))
    .sort((a, b) => a.size - b.size)
    .forEach(({ size, index }, k) => {
      const cap = Math.min(size, Math.floor(left / (sizes.length - k)));
      caps[index] = cap;
      left -= cap;
    });
  return caps;
}

/** The shortest a kept value is cut to before giving up. */
const MIN_VALUE_CHARS = 16;

/**
 * A JSON object text cut to at most `maxBytes`: values longer than a limit (halved until the
 * object fits) are shortened — strings with `…`, nested objects value by value, anything else
 * replaced by a cut copy of its text — and `"aerie_truncated": true` is added. Values that are
 * kept are their exact original text, so Falco's ns integers are never rounded. Undefined when
 * even the shortest form does not fit.
 */
export function shrinkJsonObject(text: string, maxBytes: number): string | undefined {
  if (utf8Bytes(text) <= maxBytes) return text;
  const root = jsonNode(text.trim());
  for (
    let limit = Math.floor(maxBytes / 2);
    limit >= MIN_VALUE_CHARS;
    limit = Math.floor(limit / 2)
  ) {
    const cut = rebuild(root, limit, true);
    if (utf8Bytes(cut) <= maxBytes) return cut;
  }
  return undefined;
}

/** A JSON value's exact text and, for an object, its members' (key text, value) in order. */
interface JsonNode {
  text: string;
  members?: [string, JsonNode][];
}

function jsonNode(text: string): JsonNode {
  return text.startsWith('{') ? { text, members: members(text) } : { text };
}

function rebuild(node: JsonNode, limit: number, mark: boolean): string {
  if (node.members) {
    const parts = node.members.map(
      ([key, child]) =>
        `${key}:${child.text.length <= limit ? child.text : rebuild(child, limit, false)}`,
    );
    if (mark) parts.push('"aerie_truncated":true');
    return `{${parts.join(',')}}`;
  }
  const value = node.text.startsWith('"') ? (JSON.parse(node.text) as string) : node.text;
  return JSON.stringify(truncate(value, limit));
}

// One pass over the text with native regexes: events carry field values of megabytes.
const STRING = /"[^"\\]*(?:\\.[^"\\]*)*"/y;
const SPACE = /\s*/y;
const SCALAR = /[^\s,}\]]+/y;
const STRUCTURE = /["{}[\]]/g;

function skip(pattern: RegExp, text: string, at: number): number {
  pattern.lastIndex = at;
  const match = pattern.exec(text);
  if (match === null) throw new SyntaxError(`unexpected JSON at ${at}`);
  return at + match[0].length;
}

function valueEnd(text: string, at: number): number {
  const first = text[at];
  if (first === '"') return skip(STRING, text, at);
  if (first !== '{' && first !== '[') return skip(SCALAR, text, at);
  let depth = 0;
  STRUCTURE.lastIndex = at;
  for (let m = STRUCTURE.exec(text); m !== null; m = STRUCTURE.exec(text)) {
    if (m[0] === '"') STRUCTURE.lastIndex = skip(STRING, text, m.index);
    else if (m[0] === '{' || m[0] === '[') depth++;
    else if (--depth === 0) return m.index + 1;
  }
  throw new SyntaxError('unterminated JSON value');
}

/** The members of an object text: exact key text and value node, in order. */
function members(text: string): [string, JsonNode][] {
  const out: [string, JsonNode][] = [];
  let i = skip(SPACE, text, 1);
  while (i < text.length && text[i] !== '}') {
    const keyEnd = skip(STRING, text, i);
    const start = skip(SPACE, text, skip(SPACE, text, keyEnd) + 1); // past `:`
    const end = valueEnd(text, start);
    out.push([text.slice(i, keyEnd), jsonNode(text.slice(start, end))]);
    i = skip(SPACE, text, end);
    if (text[i] === ',') i = skip(SPACE, text, i + 1);
  }
  return out;
}
