import { z } from 'zod';
import type { AuditLog } from '../audit/audit-log.js';
import type { AerieConfig } from '../config/config.schema.js';
import { replaceSecrets } from './mask.js';
import type { SecretBox } from './secret-box.js';

export const CONFIG_APPLY = 'config.apply';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const JsonSchema: z.ZodType<Json> = z.lazy(() =>
  z.union([
    z.null(),
    z.boolean(),
    z.number(),
    z.string(),
    z.array(JsonSchema),
    z.record(z.string(), JsonSchema),
  ]),
);
/** What the previous `config.apply` entry recorded (`after`). */
const RecordedSchema = z.object({ config: z.record(z.string(), JsonSchema) });

interface StartupLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/**
 * The configuration as recorded: plain JSON, each secret replaced by a keyed fingerprint
 * (`hmac:<hex>`), so changing a password shows as a change without the audit log holding it.
 */
export function effectiveConfig(config: AerieConfig, box: SecretBox): JsonObject {
  const fingerprinted = replaceSecrets(
    config,
    (secret, path) => `hmac:${box.fingerprint(secret, `config:${path}`)}`,
  );
  // Through JSON: drops undefined keys so a value read back from the log compares equal.
  return JSON.parse(JSON.stringify(fingerprinted)) as JsonObject;
}

/**
 * At start: if the configuration differs from the one the last `config.apply` entry recorded (or
 * none exists), append one, by `system`, with the whole configuration before and after and the
 * changed keys. Returns those keys, empty when nothing changed.
 */
export async function recordConfigChange(
  config: AerieConfig,
  audit: AuditLog,
  box: SecretBox,
  logger: StartupLogger,
): Promise<string[]> {
  const next = effectiveConfig(config, box);
  const last = await audit.latest(CONFIG_APPLY);
  const recorded = last ? RecordedSchema.safeParse(last.after) : undefined;
  if (recorded && !recorded.success) {
    logger.warn(
      { seq: last?.seq },
      'the last config.apply audit entry is unreadable: recording anew',
    );
  }
  const previous = recorded?.success ? recorded.data.config : null;
  const changed = changedPaths(previous ?? {}, next);
  if (previous && changed.length === 0) return [];
  await audit.append({
    actor: 'system',
    action: CONFIG_APPLY,
    target: 'config',
    sourceIp: null,
    before: previous ? { config: previous } : null,
    after: { config: next, changed },
  });
  logger.info(
    { changed: changed.length > 20 ? `${changed.length} keys` : changed },
    previous
      ? 'configuration changed since the last start (audit log)'
      : 'configuration recorded (audit log)',
  );
  return changed;
}

/** Dotted paths of the leaves that differ; arrays count as one value (`ingest.customTags`). */
export function changedPaths(before: JsonObject, after: JsonObject): string[] {
  const a = leaves(before);
  const b = leaves(after);
  const paths = new Set([...a.keys(), ...b.keys()]);
  return [...paths].filter((p) => a.get(p) !== b.get(p)).sort();
}

function leaves(
  value: JsonObject,
  prefix = '',
  out = new Map<string, string>(),
): Map<string, string> {
  for (const [key, item] of Object.entries(value)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (
      item !== null &&
      typeof item === 'object' &&
      !Array.isArray(item) &&
      Object.keys(item).length > 0
    ) {
      leaves(item, path, out);
    } else {
      out.set(path, canonical(item));
    }
  }
  return out;
}

/** JSON with sorted keys, so key order never counts as a change. */
function canonical(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k] as Json)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
