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
 * Strings (skipped), number tokens of 16+ characters (possibly beyond double precision) and
 * numbers with an exponent (which may overflow a double).
 */
const NUMBER_OR_STRING = /"(?:[^"\\]|\\.)*"|-?\d[\d.eE+-]{15,}|-?\d[\d.]*[eE][+-]?\d+/g;
/** Cheap test for text that may hold such a number: 16 digits in a row, or a 3-digit exponent. */
const MAYBE_INEXACT = /\d{16}|\d[eE][+-]?\d{3}/;
const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

export type LosslessJson =
  string | number | boolean | null | LosslessJson[] | { [key: string]: LosslessJson };

export interface LosslessParse {
  value: unknown;
  /** True when at least one number was kept as a marker. */
  hasRawNumbers: boolean;
}

/** Parses JSON text like JSON.parse (throws SyntaxError), keeping inexact numbers as markers. */
export function parseLossless(text: string): LosslessParse {
  if (!MAYBE_INEXACT.test(text)) return { value: JSON.parse(text), hasRawNumbers: false };
  let hasRawNumbers = false;
  const rewritten = text.replace(NUMBER_OR_STRING, (token) => {
    if (token.charCodeAt(0) === 0x22 /* " */ || String(Number(token)) === token) return token;
    if (!JSON_NUMBER.test(token)) return token; // invalid: let JSON.parse reject it
    hasRawNumbers = true;
    return JSON.stringify(MARKER + token);
  });
  return { value: JSON.parse(rewritten), hasRawNumbers };
}

/** JSON.stringify that writes marker strings back as their exact digits. */
export function stringifyLossless(value: unknown, hasRawNumbers = true): string {
  const text = JSON.stringify(value);
  return hasRawNumbers ? text.replace(MARKER_IN_JSON, '$1') : text;
}

export function isRawNumber(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(MARKER);
}

/** The digits of a kept number, e.g. for display. */
export function rawNumberText(value: string): string {
  return value.slice(MARKER.length);
}
