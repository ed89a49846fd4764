import { isIP } from 'node:net';
import { parseRfc3339, type StoredEvent } from '@aerie/contracts';
import { isRawNumber } from '@aerie/detectors';

/**
 * Reading Falco's output fields for the ECS and OCSF mappers: a field only counts when it has a
 * usable value (Falco writes `<NA>` for a field it could not resolve).
 */
type Fields = StoredEvent['output_fields'];

export function text(fields: Fields, key: string): string | undefined {
  const v = fields[key];
  if (typeof v === 'string') return v === '' || v === '<NA>' ? undefined : v;
  if (typeof v === 'number') return String(v);
  return undefined;
}

/** A safe integer (pids, uids, ports), whether Falco sent it as a number or a string. */
export function integer(fields: Fields, key: string): number | undefined {
  const v = fields[key];
  if (typeof v === 'number') return Number.isSafeInteger(v) ? v : undefined;
  if (typeof v === 'string' && !isRawNumber(v) && /^-?\d{1,15}$/.test(v)) return Number(v);
  return undefined;
}

const PID_MAX = 2 ** 31 - 1;

/** A process id in range (Falco writes `<NA>` or -1 when it has none). */
export function pid(fields: Fields, key: string): number | undefined {
  const n = integer(fields, key);
  return n !== undefined && n >= 0 && n <= PID_MAX ? n : undefined;
}

/** An IP address and port, each only when valid (an `ip` / `long` mapping refuses anything else). */
export function endpoint(fields: Fields, ipKey: string, portKey: string) {
  const ip = text(fields, ipKey);
  const port = integer(fields, portKey);
  return {
    ip: ip !== undefined && isIP(ip) !== 0 ? ip : undefined,
    port: port !== undefined && port >= 0 && port <= 65535 ? port : undefined,
  };
}

/** The container id, unless Falco says the process runs on the host itself (`host`). */
export function containerId(fields: Fields): string | undefined {
  const id = text(fields, 'container.id');
  return id === 'host' ? undefined : id;
}

/** `image:tag`, `image@sha256:…` → `image` (a registry port `host:5000/x` is not a tag). */
export function imageName(reference: string): string {
  const at = reference.indexOf('@');
  const name = at >= 0 ? reference.slice(0, at) : reference;
  const colon = name.lastIndexOf(':');
  return colon > name.lastIndexOf('/') ? name.slice(0, colon) : name;
}

/** MITRE ATT&CK in Falco's tags: techniques (`T1059`, `T1059.004`) and tactics (`mitre_execution`). */
export function mitre(tags: readonly string[]): { techniques: string[]; tactics: string[] } {
  const techniques = tags.filter((t) => /^T\d{4}(?:\.\d{3})?$/.test(t));
  const tactics = tags
    .filter((t) => t.startsWith('mitre_'))
    .map((t) =>
      t
        .slice('mitre_'.length)
        .split('_')
        .map((w) => (w === 'and' ? w : w.charAt(0).toUpperCase() + w.slice(1)))
        .join(' '),
    );
  return { techniques, tactics };
}

/** Milliseconds since the epoch of an RFC 3339 time (the event's `time` keeps its ns). */
export function epochMs(time: string): number | undefined {
  return parseRfc3339(time)?.ms;
}

/** The object without its undefined, null, empty-object and empty-array members (recursively). */
export function prune<T extends Record<string, unknown>>(value: T): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const kept = isPlainObject(v) ? prune(v) : v;
    if (kept === undefined || kept === null) continue;
    if (Array.isArray(kept) && kept.length === 0) continue;
    if (isPlainObject(kept) && Object.keys(kept).length === 0) continue;
    out[k] = kept;
  }
  return out as Partial<T>;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
