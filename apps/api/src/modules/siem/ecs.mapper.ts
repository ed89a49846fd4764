import type { Priority, StoredEvent } from '@aerie/contracts';
import { containerId, endpoint, imageName, pid, prune, text } from './event-fields.js';

export const ECS_VERSION = '8.11.0';

/** `event.severity` as Elastic's Falco integration numbers priorities (higher = worse). */
const SEVERITY: Readonly<Record<Priority, number>> = {
  Emergency: 7,
  Alert: 6,
  Critical: 5,
  Error: 4,
  Warning: 3,
  Notice: 2,
  Informational: 1,
  Debug: 0,
};

/**
 * An event as an Elastic Common Schema document (docs/siem.md#ecs) — the same fields the
 * Elasticsearch output indexes (docs/outputs/elasticsearch.md), so pulled and pushed events
 * search alike, plus `event.sequence` (the commit order) and without the output's value cuts:
 * the pull API gives every value whole. Falco's output fields stay as sent under
 * `falco.output_fields` (map it `flattened`: dotted names such as `k8s.ns.name` would otherwise
 * collide as objects and values). Pure: golden tests pin it.
 */
export function toEcs(e: StoredEvent): Record<string, unknown> {
  const f = e.output_fields;
  const fdType = text(f, 'fd.type');
  const fdName = text(f, 'fd.name');
  const isFile =
    fdName?.startsWith('/') === true && (fdType === undefined || /^(file|directory)$/.test(fdType));
  const tag = text(f, 'container.image.tag');
  const doc = prune({
    '@timestamp': e.time,
    message: e.output ?? e.rule,
    ecs: { version: ECS_VERSION },
    event: {
      kind: 'alert',
      category: ['intrusion_detection'],
      type: ['info'],
      severity: SEVERITY[e.priority],
      id: e.id,
      sequence: e.seq,
      created: e.received_at,
      provider: e.source,
    },
    rule: { name: e.rule },
    log: { level: e.priority.toLowerCase() },
    observer: { product: 'falco', vendor: 'falcosecurity', type: 'sensor' },
    host: { name: e.hostname, hostname: e.hostname },
    orchestrator:
      (e.cluster ?? e.namespace ?? e.pod) !== null
        ? {
            type: 'kubernetes',
            cluster: { name: e.cluster },
            namespace: e.namespace,
            resource: e.pod === null ? undefined : { type: 'pod', name: e.pod },
          }
        : undefined,
    container: {
      id: containerId(f),
      name: text(f, 'container.name'),
      image: {
        name:
          text(f, 'container.image.repository') ??
          (e.container_image === null ? undefined : imageName(e.container_image)),
        tag: tag === undefined ? undefined : [tag],
      },
    },
    process: {
      name: text(f, 'proc.name'),
      executable: text(f, 'proc.exepath'),
      command_line: text(f, 'proc.cmdline'),
      pid: pid(f, 'proc.pid'),
      parent: { name: text(f, 'proc.pname'), pid: pid(f, 'proc.ppid') },
    },
    user: { name: text(f, 'user.name') ?? text(f, 'ka.user.name'), id: text(f, 'user.uid') },
    file: { path: isFile ? fdName : undefined },
    source: endpoint(f, 'fd.lip', 'fd.lport'),
    destination: endpoint(f, 'fd.rip', 'fd.rport'),
    client: endpoint(f, 'fd.cip', 'fd.cport'),
    server: endpoint(f, 'fd.sip', 'fd.sport'),
    threat: threat(e.tags),
    tags: e.tags,
    falco: { priority: e.priority, source: e.source, time: e.time },
    aerie: {
      event_id: e.id,
      group_id: e.group_id,
      fingerprint: e.fingerprint,
      boundary: e.boundary,
      workload: e.workload,
    },
  });
  return { ...doc, falco: { ...doc.falco, output_fields: f } };
}

/** MITRE ATT&CK technique ids among the tags (`T1555`; `T1059.004` is a subtechnique). */
function threat(tags: readonly string[]) {
  const sub = tags.filter((t) => /^T\d{4}\.\d{3}$/.test(t));
  const ids = [
    ...new Set([...tags.filter((t) => /^T\d{4}$/.test(t)), ...sub.map((t) => t.slice(0, 5))]),
  ];
  if (ids.length === 0) return undefined;
  return {
    framework: 'MITRE ATT&CK',
    technique: { id: ids, subtechnique: { id: sub } },
  };
}
