import { isIP } from 'node:net';
import type { StoredEventDetail } from '@aerie/contracts';

/**
 * ECS fields taken from well-known Falco output fields (as Elastic's own Falco integration
 * does), so Elastic Security rules and dashboards that speak ECS see process, user, file,
 * container and network facts. Only values of the right shape are copied: an ECS field the
 * cluster maps as `ip` or `long` refuses the whole document on a bad value (`<NA>`, a name).
 */

type Fields = StoredEventDetail['output_fields'];
type Cut = (text: string) => string;
/** A document part being built: undefined members are left out. */
type Leaf = string | number | boolean | null | readonly string[];
export interface Tree {
  [key: string]: Leaf | Tree | undefined;
}

function text(fields: Fields, key: string): string | undefined {
  const v = fields[key];
  if (typeof v === 'number') return String(v);
  if (typeof v !== 'string') return undefined;
  return v === '' || v === '<NA>' ? undefined : v;
}

function integer(fields: Fields, key: string, min: number, max: number): number | undefined {
  const v = fields[key];
  const n = typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= min && n <= max ? n : undefined;
}

function ip(fields: Fields, key: string): string | undefined {
  const v = text(fields, key);
  return v !== undefined && isIP(v) !== 0 ? v : undefined;
}

/** Drops undefined members and objects left empty; undefined when nothing is left. */
export function compact(tree: Tree): Tree | undefined {
  const out: Tree = {};
  for (const [k, v] of Object.entries(tree)) {
    if (v === undefined) continue;
    if (isTree(v)) {
      const inner = compact(v);
      if (inner !== undefined) out[k] = inner;
    } else out[k] = v;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function isTree(v: Leaf | Tree): v is Tree {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

const PID_MAX = 2 ** 31 - 1;

function endpoint(fields: Fields, ipKey: string, portKey: string): Tree {
  return { ip: ip(fields, ipKey), port: integer(fields, portKey, 0, 65535) };
}

/** `image:tag`, `image@sha256:…` → `image` (a registry port `host:5000/x` is not a tag). */
function imageName(reference: string): string {
  const at = reference.indexOf('@');
  const name = at >= 0 ? reference.slice(0, at) : reference;
  const colon = name.lastIndexOf(':');
  return colon > name.lastIndexOf('/') ? name.slice(0, colon) : name;
}

/** MITRE ATT&CK technique ids among the tags (`T1555`, `T1059.004`). */
function threat(tags: readonly string[]): Tree {
  const sub = tags.filter((t) => /^T\d{4}\.\d{3}$/.test(t));
  const ids = [
    ...new Set([...tags.filter((t) => /^T\d{4}$/.test(t)), ...sub.map((t) => t.slice(0, 5))]),
  ];
  if (ids.length === 0) return {};
  return {
    framework: 'MITRE ATT&CK',
    technique: { id: ids, ...(sub.length > 0 ? { subtechnique: { id: sub } } : {}) },
  };
}

/** The ECS groups derived from the output fields and Aerie's own columns. */
export function ecsFromFields(e: StoredEventDetail, cut: Cut): Tree {
  const f = e.output_fields;
  const str = (key: string) => {
    const v = text(f, key);
    return v === undefined ? undefined : cut(v);
  };
  const fdType = text(f, 'fd.type');
  const fdName = text(f, 'fd.name');
  const isFile =
    fdName?.startsWith('/') && (fdType === undefined || /^(file|directory)$/.test(fdType));
  const repository = text(f, 'container.image.repository');
  const tag = text(f, 'container.image.tag');
  const image = repository ?? (e.container_image ? imageName(e.container_image) : undefined);
  return {
    container: {
      id: str('container.id'),
      name: str('container.name'),
      image: { name: image && cut(image), tag: tag === undefined ? undefined : [cut(tag)] },
    },
    process: {
      name: str('proc.name'),
      executable: str('proc.exepath'),
      command_line: str('proc.cmdline'),
      pid: integer(f, 'proc.pid', 0, PID_MAX),
      parent: { name: str('proc.pname'), pid: integer(f, 'proc.ppid', 0, PID_MAX) },
    },
    user: { name: str('user.name') ?? str('ka.user.name'), id: str('user.uid') },
    file: { path: isFile ? cut(fdName!) : undefined },
    source: endpoint(f, 'fd.lip', 'fd.lport'),
    destination: endpoint(f, 'fd.rip', 'fd.rport'),
    client: endpoint(f, 'fd.cip', 'fd.cport'),
    server: endpoint(f, 'fd.sip', 'fd.sport'),
    threat: threat(e.tags),
  };
}
