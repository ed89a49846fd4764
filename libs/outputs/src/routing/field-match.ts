/**
 * Output-field matching as the API's `field[...]` filter does it: the wanted value is text, and
 * the event's value may be a string or a number (Falco sends both; `"42"` matches 42 and 42.0),
 * `true`/`false`/`null` match their JSON literals. Arrays and objects never match.
 */

/** A decimal number as JSON writes it (the API's filter accepts the same). */
const DECIMAL = /^-?(?:0|[1-9]\d{0,38})(?:\.\d{1,38})?$/;
const INTEGER = /^-?(?:0|[1-9]\d*)$/;

/**
 * Ingest keeps numbers a double cannot hold (ns timestamps) as marker strings: U+0000, a
 * per-process nonce, `#`, then the exact digits (libs/detectors lossless-json). No real string
 * starts with U+0000 (ingest rejects it), so such a string is always a marker.
 */
function markerDigits(value: string): string | undefined {
  if (!value.startsWith('\u0000')) return undefined;
  const hash = value.indexOf('#');
  return hash < 0 ? undefined : value.slice(hash + 1);
}

function sameNumber(digits: string, wanted: string): boolean {
  if (digits === wanted) return true;
  if (INTEGER.test(digits) && INTEGER.test(wanted)) return BigInt(digits) === BigInt(wanted);
  return DECIMAL.test(wanted) && Number(digits) === Number(wanted);
}

export function fieldValueMatches(value: unknown, wanted: string): boolean {
  switch (typeof value) {
    case 'string': {
      const digits = markerDigits(value);
      return digits === undefined ? value === wanted : sameNumber(digits, wanted);
    }
    case 'number':
      return String(value) === wanted || (DECIMAL.test(wanted) && Number(wanted) === value);
    case 'boolean':
      return String(value) === wanted;
    case 'bigint':
      return INTEGER.test(wanted) && BigInt(wanted) === value;
    default:
      return value === null && wanted === 'null';
  }
}
