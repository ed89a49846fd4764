/**
 * RFC 5424 STRUCTURED-DATA (§6.3): `[SD-ID name="value" …]` elements, written back to back.
 */

/** A PARAM-VALUE: `"`, `\` and `]` are escaped with `\` (§6.3.3); anything else is kept. */
export function escapeParamValue(value: string): string {
  return value.replace(/["\\\]]/g, (c) => `\\${c}`);
}

/** SD-NAME: 1–32 printable US-ASCII characters except `=`, space, `]` and `"` (§6.3.2). */
export const SD_NAME = /^[!#-<>-\\^-~]{1,32}$/;

/**
 * The PARAM-NAME of a Falco field name. Valid names are kept (`proc.name`); Falco's argument
 * brackets become parentheses (`proc.aname[2]` → `proc.aname(2)`, since `]` is not allowed) and
 * any other forbidden character `_`. A name still longer than 32 characters, or one that collides
 * with a name already used, keeps 23 characters and gets `~` plus 8 hex digits of a hash of the
 * original, so distinct fields stay distinct.
 */
export function paramName(field: string, used: ReadonlySet<string>): string {
  const name = field
    .replace(/\[/g, '(')
    .replace(/\]/g, ')')
    .replace(/[^!#-<>-\\^-~]/g, '_');
  if (name.length > 0 && name.length <= 32 && !used.has(name)) return name;
  return `${name.slice(0, 23)}~${fnv1a(field)}`;
}

/** 32-bit FNV-1a of the UTF-16 code units, as 8 hex digits. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

/** One SD-ELEMENT; empty when it has no parameter (an element needs none, but says nothing). */
export function sdElement(id: string, params: ReadonlyArray<readonly [string, string]>): string {
  if (params.length === 0) return '';
  const body = params.map(([name, value]) => ` ${name}="${escapeParamValue(value)}"`).join('');
  return `[${id}${body}]`;
}

/** The STRUCTURED-DATA part: the elements back to back, or NILVALUE. */
export function structuredData(elements: readonly string[]): string {
  const sd = elements.join('');
  return sd === '' ? '-' : sd;
}
