import { z } from 'zod';

/** An HTTP field name (RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Set by the engine or the plugin: a custom header may not replace them. */
const RESERVED = new Set(['host', 'content-length', 'transfer-encoding', 'connection']);

/**
 * Custom headers for an HTTP output (Falcosidekick's `customheaders`). Values may not hold CR/LF
 * (header injection); names the transport owns are refused at config time, not at send time.
 * Used by every output of this folder's family; a candidate for `libs/outputs/src` when others
 * need it.
 */
export function headersSchema(reservedByPlugin: readonly string[] = []) {
  const reserved = new Set([...RESERVED, ...reservedByPlugin.map((h) => h.toLowerCase())]);
  return z
    .record(
      z.string().regex(HEADER_NAME, 'must be an HTTP header name'),
      z.string().regex(/^[^\r\n\0]*$/, 'must not contain CR, LF or NUL'),
    )
    .refine((h) => Object.keys(h).every((name) => !reserved.has(name.toLowerCase())), {
      message: `may not set ${[...reserved].join(', ')}`,
    })
    .default({})
    .describe(
      `Extra request headers, name → value (e.g. a proxy's credentials; a secret); not ${[...reserved].join(', ')}.`,
    );
}

/** Custom headers first, then the plugin's own (which always win, case-insensitively). */
export function mergeHeaders(
  custom: Readonly<Record<string, string>>,
  own: Readonly<Record<string, string>>,
): Record<string, string> {
  const ownNames = new Set(Object.keys(own).map((n) => n.toLowerCase()));
  const merged: Record<string, string> = {};
  for (const [name, value] of Object.entries(custom)) {
    if (!ownNames.has(name.toLowerCase())) merged[name] = value;
  }
  return { ...merged, ...own };
}
