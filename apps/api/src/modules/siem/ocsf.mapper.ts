import type { Priority, StoredEvent } from '@aerie/contracts';
import {
  containerId,
  endpoint,
  epochMs,
  imageName,
  mitre,
  pid,
  prune,
  text,
} from './event-fields.js';

export const OCSF_VERSION = '1.3.0';
const DETECTION_FINDING = 2004;
const CREATE = 1;

/** OCSF severity_id and its caption for each Falco priority. */
const SEVERITY: Readonly<Record<Priority, [number, string]>> = {
  Emergency: [6, 'Fatal'],
  Alert: [5, 'Critical'],
  Critical: [5, 'Critical'],
  Error: [4, 'High'],
  Warning: [3, 'Medium'],
  Notice: [2, 'Low'],
  Informational: [1, 'Informational'],
  Debug: [1, 'Informational'],
};

/** An OCSF file object (name and type_id are required); type 1 Regular File, 2 Folder. */
function file(path: string | undefined, directory = false) {
  if (path === undefined) return undefined;
  return { path, name: path.slice(path.lastIndexOf('/') + 1) || path, type_id: directory ? 2 : 1 };
}

/**
 * An event as an OCSF 1.3 Detection Finding (class_uid 2004, activity Create;
 * docs/siem.md#ocsf): the rule is the finding's analytic, the node its device, the pod the
 * affected resource; what Falco saw (process, file, container, connection, user) is the
 * finding's evidence; Aerie's own fields and Falco's output fields go to `unmapped`.
 * Pure: golden tests pin it.
 */
export function toOcsf(e: StoredEvent): Record<string, unknown> {
  const f = e.output_fields;
  const [severityId, severity] = SEVERITY[e.priority];
  const time = epochMs(e.time) ?? epochMs(e.received_at);
  const { techniques, tactics } = mitre(e.tags);
  const fdType = text(f, 'fd.type');
  const fdName = text(f, 'fd.name');
  const isFile =
    fdName?.startsWith('/') === true && (fdType === undefined || /^(file|directory)$/.test(fdType));
  const image = e.container_image;
  const container = {
    uid: containerId(f),
    name: text(f, 'container.name'),
    // The image object needs a uid: the image reference stands in when Falco gave no id.
    image:
      image === null
        ? undefined
        : {
            name: text(f, 'container.image.repository') ?? imageName(image),
            tag: text(f, 'container.image.tag'),
            uid: text(f, 'container.image.id') ?? image,
          },
  };
  const evidence = prune({
    actor: {
      user: { name: text(f, 'user.name') ?? text(f, 'ka.user.name'), uid: text(f, 'user.uid') },
    },
    process: {
      name: text(f, 'proc.name'),
      pid: pid(f, 'proc.pid'),
      cmd_line: text(f, 'proc.cmdline'),
      file: file(text(f, 'proc.exepath')),
      parent_process: { name: text(f, 'proc.pname'), pid: pid(f, 'proc.ppid') },
    },
    file: isFile ? file(fdName, fdType === 'directory') : undefined,
    container: container.uid !== undefined || container.image !== undefined ? container : undefined,
    src_endpoint: endpoint(f, 'fd.cip', 'fd.cport'),
    dst_endpoint: endpoint(f, 'fd.sip', 'fd.sport'),
  });
  const finding = prune({
    activity_id: CREATE,
    activity_name: 'Create',
    category_uid: 2,
    category_name: 'Findings',
    class_uid: DETECTION_FINDING,
    class_name: 'Detection Finding',
    type_uid: DETECTION_FINDING * 100 + CREATE,
    type_name: 'Detection Finding: Create',
    severity_id: severityId,
    severity,
    time,
    message: e.output ?? e.rule,
    status_id: 1,
    status: 'New',
    is_alert: true,
    metadata: {
      version: OCSF_VERSION,
      product: { name: 'Falco', vendor_name: 'Falco' },
      uid: e.id,
      sequence: e.seq,
      correlation_uid: e.group_id,
      original_time: e.time,
      logged_time: epochMs(e.received_at),
      log_provider: 'aerie',
      log_name: e.source,
      labels: e.tags,
    },
    finding_info: {
      uid: e.id,
      title: e.rule,
      desc: e.output,
      types: [e.source],
      created_time: time,
      analytic: { name: e.rule, type_id: 1, type: 'Rule' },
      // Falco tags techniques and tactics separately, so each is its own attack entry.
      attacks: [
        ...techniques.map((uid) => ({ technique: { uid } })),
        ...tactics.map((name) => ({ tactic: { name } })),
      ],
    },
    device: e.hostname === null ? undefined : { hostname: e.hostname, type_id: 0, type: 'Unknown' },
    evidences: Object.keys(evidence).length > 0 ? [evidence] : undefined,
    resources:
      e.pod !== null || e.workload !== null
        ? [
            {
              type: e.pod !== null ? 'kubernetes.pod' : 'kubernetes.workload',
              name: e.pod ?? e.workload,
              data: { cluster: e.cluster, namespace: e.namespace, workload: e.workload },
            },
          ]
        : undefined,
    unmapped: {
      priority: e.priority,
      source: e.source,
      boundary: e.boundary,
      fingerprint: e.fingerprint,
      cluster: e.cluster,
      namespace: e.namespace,
    },
  });
  return { ...finding, unmapped: { ...finding.unmapped, output_fields: f } };
}
