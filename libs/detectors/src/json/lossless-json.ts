import { randomBytes } from 'node:crypto';

/**
 * JSON that keeps numbers JavaScript cannot hold exactly (Falco's `evt.time` is a ns timestamp
 * beyond 2^53). Such a number is carried through parsing as a marker string that no sender can
 * forge (it starts with U+0000, which we reject in real strings, plus a per-process nonce), and
 * written back as the original digits by {@link stringifyLossless}.
 */
const MARKER = `\u0000${randomBytes(6).toString('hex')}#`;
const MARKER_IN_JSON = new RegExp(`"\\\\u0000${MARKER.slice(1)}([^"]*)"`, 'g');
/**
 * Where a number that may not fit a double can be: 16+ digits (a decimal point may split them),
 * or a 3-digit exponent. Outside strings only numbers have digits.
 */
const CANDIDATE = /\d[\d.]{15,}|\d[eE][+-]?\d{3}/g;
const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const NUMBER_CHAR = /[-+.eE\d]/;

export interface LosslessParse {
  value: unknown;
  /** True when at least one number was kept as a marker. */
  hasRawNumbers: boolean;
}

/**
 * Parses JSON text like JSON.parse (throws SyntaxError), keeping inexact numbers as markers.
 * Hot path: only text around candidate digit runs is examined; a single forward scan tells
 * whether a candidate sits inside a string.
 */
export function parseLossless(text: string): LosslessParse {
  CANDIDATE.lastIndex = 0;
  let match = CANDIDATE.exec(text);
  if (match === null) return { value: JSON.parse(text), hasRawNumbers: false };
  let out = '';
  let copied = 0; // text before this index is already in `out`
  let scanned = 0; // string state is known up to this index
  let inString = false;
  for (; match !== null; match = CANDIDATE.exec(text)) {
    for (; scanned < match.index; scanned++) {
      const c = text.charCodeAt(scanned);
      if (inString && c === 0x5c /* \ */) scanned++;
      else if (c === 0x22 /* " */) inString = !inString;
    }
    if (inString) continue;
    let start = match.index;
    while (start > copied && NUMBER_CHAR.test(text[start - 1]!)) start--;
    let end = match.index + match[0].length;
    while (end < text.length && NUMBER_CHAR.test(text[end]!)) end++;
    const token = text.slice(start, end);
    CANDIDATE.lastIndex = scanned = end;
    // Exact already, not a JSON number at all, or used as an object key (invalid JSON): leave it
    // as it stands, for JSON.parse to take or reject.
    if (
      String(Number(token)) === token ||
      !JSON_NUMBER.test(token) ||
      /^\s*:/.test(text.slice(end, end + 64))
    ) {
      continue;
    }
    out += text.slice(copied, start) + JSON.stringify(MARKER + token);
    copied = end;
  }
  if (copied === 0) return { value: JSON.parse(text), hasRawNumbers: false };
  return { value: JSON.parse(out + text.slice(copied)), hasRawNumbers: true };
}

/** JSON.stringify that writes marker strings back as their exact digits. */
export function stringifyLossless(value: unknown, hasRawNumbers = true): string {
  const text = JSON.stringify(value);
  return hasRawNumbers ? text.replace(MARKER_IN_JSON, '$1') : text;
}

export function isRawNumber(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(MARKER);
}
