import { fieldText as present, sourceFamily } from './boundary.js';

/** Where in Kubernetes an event happened, derived from its output fields. */
export interface KubernetesContext {
  cluster: string | null;
  namespace: string | null;
  workload: string | null;
  pod: string | null;
  containerImage: string | null;
}

type Fields = Readonly<Record<string, unknown>>;

/** Kubernetes names are DNS subdomains (≤ 253 characters); longer values are cut, not dropped. */
const MAX_LENGTH = 253;

/**
 * Candidate fields, most specific first. `k8s.*` come from the container engine (and, before
 * Falco 0.37, its own Kubernetes client: deployment/rs/rc names), `k8smeta.*` from the k8smeta
 * plugin, `ka.*` from the k8saudit plugins. The GKE audit plugin copies the cluster name into the
 * reconstructed audit event's annotations.
 */
const CLUSTER_FIELDS = ['k8s.cluster.name', 'jevt.value[/annotations/cluster_name]'];
const NAMESPACE_FIELDS = ['k8s.ns.name', 'k8smeta.ns.name', 'ka.target.namespace'];
const POD_FIELDS = ['k8s.pod.name', 'k8smeta.pod.name'];
const WORKLOAD_FIELDS = [
  'k8smeta.deployment.name',
  'k8s.deployment.name',
  'k8smeta.rs.name',
  'k8s.rs.name',
  'k8smeta.rc.name',
  'k8s.rc.name',
];
/** Images in a pod request, regular containers first (the ones the pod exists to run). */
const AUDIT_IMAGE_FIELDS = [
  'ka.req.pod.containers.image',
  'ka.req.pod.ephemeralContainers.image',
  'jevt.value[/requestObject/ephemeralContainers/0/image]',
  'ka.req.pod.initContainers.image',
];

/** Audit resources whose target name is itself the workload name. */
const WORKLOAD_RESOURCES = new Set([
  'deployments',
  'daemonsets',
  'statefulsets',
  'replicasets',
  'replicationcontrollers',
  'jobs',
  'cronjobs',
]);
/**
 * Subresources only pods have: some rules (e.g. `port-forward`) print the subresource but not the
 * resource, and the target is still a pod.
 */
const POD_SUBRESOURCES = new Set([
  'exec',
  'attach',
  'portforward',
  'ephemeralcontainers',
  'log',
  'eviction',
]);

/**
 * Suffixes Kubernetes generates, in the alphabet of k8s.io/apimachinery `rand.String` and
 * `rand.SafeEncodeString` (no vowels, no 0/1/3). Requiring that alphabet is what keeps ordinary
 * words such as `nginx`, `redis` or `proxy` from being taken for a suffix.
 */
const GENERATED = '[bcdfghjklmnpqrstvwxz2456789]';
/** `generateName` suffix of a pod created by a controller. */
const POD_SUFFIX = `-${GENERATED}{5}`;
/** A Deployment's ReplicaSet is `<deployment>-<pod-template-hash>`. */
const TEMPLATE_HASH = `-${GENERATED}{5,10}`;
/** A CronJob's Job is `<cronjob>-<scheduled time in minutes since the epoch>`. */
const SCHEDULED_MINUTE = '-\\d{8,10}';

const suffixed = (...suffixes: string[]): RegExp => new RegExp(`^(.+)${suffixes.join('')}$`);

/** Most specific first: a Deployment pod also ends like a DaemonSet pod. */
const POD_NAME_OWNERS: readonly RegExp[] = [
  suffixed(TEMPLATE_HASH, POD_SUFFIX), // Deployment → ReplicaSet → pod
  suffixed(SCHEDULED_MINUTE, POD_SUFFIX), // CronJob → Job → pod
  suffixed(POD_SUFFIX), // DaemonSet, Job or bare ReplicaSet → pod
  /^(.+)-(?:0|[1-9]\d{0,3})$/, // StatefulSet → pod `<name>-<ordinal>`
];
/** Audit targets that are themselves owned by a generated-name controller. */
const AUDIT_TARGET_OWNERS: Readonly<Record<string, RegExp>> = {
  replicasets: suffixed(TEMPLATE_HASH),
  jobs: suffixed(SCHEDULED_MINUTE),
};

function firstPresent(fields: Fields, keys: readonly string[]): string | null {
  for (const key of keys) {
    const value = present(fields[key]);
    if (value !== null) return value;
  }
  return null;
}

/** First entry of a Falco list field, sent either as a JSON array or as text `(a,b)`. */
function firstOfList(value: unknown): string | null {
  if (Array.isArray(value)) {
    for (const item of value) {
      const text = present(item);
      if (text !== null) return text;
    }
    return null;
  }
  const text = present(value);
  if (text === null || !(text.startsWith('(') && text.endsWith(')'))) return text;
  return present(text.slice(1, -1).split(',')[0]);
}

interface AuditTarget {
  resource: string | null;
  subresource: string | null;
  /** The request's target; on create with `generateName` only the response carries the name. */
  name: string | null;
}

function auditTarget(fields: Fields): AuditTarget {
  return {
    resource: present(fields['ka.target.resource']),
    subresource: present(fields['ka.target.subresource']),
    name: firstPresent(fields, ['ka.target.name', 'ka.resp.name']),
  };
}

/** Whether an audit event targets a pod, also when the rule's output omits the resource. */
function targetsPod(fields: Fields, target: AuditTarget): boolean {
  if (target.resource !== null) return target.resource === 'pods';
  if (target.subresource !== null && POD_SUBRESOURCES.has(target.subresource)) return true;
  // `ka.req.pod.*` read the request's top-level `spec`, which only a Pod has.
  return Object.keys(fields).some(
    (key) => key.startsWith('ka.req.pod.') && firstOfList(fields[key]) !== null,
  );
}

/** The owner named by the first matching pattern, or the name itself when none matches. */
function ownerOf(name: string, patterns: readonly RegExp[]): string {
  for (const pattern of patterns) {
    const owner = pattern.exec(name)?.[1];
    if (owner !== undefined) return owner;
  }
  return name;
}

function deriveCluster(
  fields: Fields,
  source: string,
  defaultCluster: string | null,
): string | null {
  const explicit = firstPresent(fields, CLUSTER_FIELDS);
  if (explicit !== null) return explicit;
  // Cloud and identity audit logs describe an account, not a cluster: no default applies.
  return sourceFamily(source) === 'api-audit' ? null : present(defaultCluster);
}

function deriveNamespace(fields: Fields, target: AuditTarget): string | null {
  // Creating or deleting a namespace concerns that namespace's tenant.
  return (
    firstPresent(fields, NAMESPACE_FIELDS) ??
    (target.resource === 'namespaces' ? target.name : null)
  );
}

function derivePod(fields: Fields, target: AuditTarget): string | null {
  return firstPresent(fields, POD_FIELDS) ?? (targetsPod(fields, target) ? target.name : null);
}

function deriveWorkload(fields: Fields, target: AuditTarget, pod: string | null): string | null {
  const explicit = firstPresent(fields, WORKLOAD_FIELDS);
  if (explicit !== null) return explicit;
  const { resource, name } = target;
  if (resource !== null && name !== null && WORKLOAD_RESOURCES.has(resource)) {
    const owner = AUDIT_TARGET_OWNERS[resource];
    return owner === undefined ? name : ownerOf(name, [owner]);
  }
  return pod === null ? null : ownerOf(pod, POD_NAME_OWNERS);
}

function deriveImage(fields: Fields): string | null {
  const repository = present(fields['container.image.repository']);
  const tag = present(fields['container.image.tag']);
  if (repository !== null && tag !== null) return `${repository}:${tag}`;
  // Without a tag, `container.image` may still carry a digest the repository lacks.
  const image = present(fields['container.image']) ?? repository;
  if (image !== null) return image;
  for (const key of AUDIT_IMAGE_FIELDS) {
    const first = firstOfList(fields[key]);
    if (first !== null) return first;
  }
  return null;
}

function cap(value: string | null): string | null {
  return value === null ? null : value.slice(0, MAX_LENGTH);
}

/**
 * Derives cluster, namespace, workload, pod and image from a detector event's output fields
 * (see docs/derived-fields.md). Pure; absent or unusable values give null.
 */
export function deriveKubernetes(
  fields: Readonly<Record<string, unknown>>,
  source: string,
  defaultCluster: string | null,
): KubernetesContext {
  const target = auditTarget(fields);
  const pod = derivePod(fields, target);
  return {
    cluster: cap(deriveCluster(fields, source, defaultCluster)),
    namespace: cap(deriveNamespace(fields, target)),
    workload: cap(deriveWorkload(fields, target, pod)),
    pod: cap(pod),
    containerImage: cap(deriveImage(fields)),
  };
}
