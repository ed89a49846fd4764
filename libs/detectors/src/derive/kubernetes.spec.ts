import { describe, expect, it } from 'vitest';
import { parseLossless } from '../json/lossless-json.js';
import { deriveKubernetes, type KubernetesContext } from './kubernetes.js';

const none: KubernetesContext = {
  cluster: null,
  namespace: null,
  workload: null,
  pod: null,
  containerImage: null,
};

/** The workload derived for a syscall event from a pod of that name. */
const workloadOf = (pod: string): string | null =>
  deriveKubernetes({ 'k8s.pod.name': pod }, 'syscall', null).workload;

describe('deriveKubernetes: syscall events', () => {
  it('reads the container engine fields Falco appends (Terminal shell in container)', () => {
    const fields = {
      'evt.type': 'execve',
      'proc.name': 'bash',
      'container.id': '3ad7b26ded6d',
      'container.name': 'web',
      'container.image.repository': 'docker.io/library/nginx',
      'container.image.tag': '1.25.3',
      'k8s.ns.name': 'shop',
      'k8s.pod.name': 'web-6d4cf56db6-x2k9p',
    };
    expect(deriveKubernetes(fields, 'syscall', 'prod-eu')).toEqual({
      cluster: 'prod-eu',
      namespace: 'shop',
      workload: 'web',
      pod: 'web-6d4cf56db6-x2k9p',
      containerImage: 'docker.io/library/nginx:1.25.3',
    });
  });

  it('prefers the k8smeta plugin owner fields over the pod name', () => {
    const fields = {
      'k8smeta.ns.name': 'payments',
      'k8smeta.pod.name': 'api-7f9c5d8b4-qzw2m',
      'k8smeta.rs.name': 'api-7f9c5d8b4',
      'k8smeta.deployment.name': 'payments-api',
    };
    expect(deriveKubernetes(fields, 'syscall', null)).toMatchObject({
      namespace: 'payments',
      pod: 'api-7f9c5d8b4-qzw2m',
      workload: 'payments-api',
    });
  });

  it('takes a k8smeta ReplicaSet without a Deployment as the workload itself', () => {
    const fields = { 'k8smeta.pod.name': 'legacy-q2w4r', 'k8smeta.rs.name': 'legacy' };
    expect(deriveKubernetes(fields, 'syscall', null).workload).toBe('legacy');
  });

  it('leaves host processes outside any pod', () => {
    const fields = {
      'proc.name': 'sshd',
      'container.id': 'host',
      'k8s.ns.name': null,
      'k8s.pod.name': null,
    };
    expect(deriveKubernetes(fields, 'syscall', 'prod-eu')).toEqual({ ...none, cluster: 'prod-eu' });
  });

  it('accepts falcosidekick’s default source and an explicit cluster field', () => {
    const fields = { 'k8s.cluster.name': 'staging', 'k8s.ns.name': 'default' };
    expect(deriveKubernetes(fields, 'syscalls', 'prod-eu')).toMatchObject({
      cluster: 'staging',
      namespace: 'default',
    });
  });
});

describe('deriveKubernetes: workload from the pod name', () => {
  it.each([
    ['web-6d4cf56db6-x2k9p', 'web', 'Deployment (ReplicaSet hash + suffix)'],
    ['hostnetwork-deployment-748bd48fcb-hrj2q', 'hostnetwork-deployment', 'Deployment'],
    ['coredns-5d78c9869d-7vq4b', 'coredns', 'Deployment'],
    ['sensitive-mount-deployment-76477d5d8-82k4d', 'sensitive-mount-deployment', '9-char hash'],
    ['fluent-bit-x2k9p', 'fluent-bit', 'DaemonSet'],
    ['kube-proxy-4tq7z', 'kube-proxy', 'DaemonSet'],
    ['db-migrate-tq2vx', 'db-migrate', 'Job'],
    ['backup-29556248-hrj2q', 'backup', 'CronJob → Job → pod'],
    ['postgres-0', 'postgres', 'StatefulSet ordinal'],
    ['kafka-12', 'kafka', 'StatefulSet ordinal'],
  ])('%s → %s (%s)', (pod, workload) => {
    expect(workloadOf(pod)).toBe(workload);
  });

  it.each([
    ['nginx', 'no suffix'],
    ['api-proxy', '5 letters with a vowel are a word, not a suffix'],
    ['my-app-redis', 'vowels again'],
    ['cache-nginx-redis', 'two words that could look like hash + suffix'],
    ['web-2035384211-7ci7o', 'pre-1.8 alphabet: not recognised, left whole'],
    ['etcd-ip-10-0-1-23.ec2.internal', 'static pod named after its node'],
    ['release-2024-01', 'leading zero is no ordinal'],
    ['job-12345', 'five digits is no ordinal'],
    ['kube-apiserver-gke-main-default-pool-2bd8cfg4-xz9k', 'GKE node suffix is 4 chars'],
  ])('%s stays whole (%s)', (pod) => {
    expect(workloadOf(pod)).toBe(pod);
  });
});

describe('deriveKubernetes: Kubernetes audit events', () => {
  it('Create HostNetwork Pod: the pod name is in the response, the resource may be absent', () => {
    const fields = {
      'jevt.time': '07:03:05.063269120',
      'ka.req.pod.containers.image': 'busybox',
      'ka.resp.name': 'hostnetwork-deployment-748bd48fcb-hrj2q',
      'ka.target.namespace': 'falco-event-generator',
      'ka.user.name': 'system:serviceaccount:kube-system:replicaset-controller',
    };
    expect(deriveKubernetes(fields, 'k8s_audit', 'prod-eu')).toEqual({
      cluster: 'prod-eu',
      namespace: 'falco-event-generator',
      workload: 'hostnetwork-deployment',
      pod: 'hostnetwork-deployment-748bd48fcb-hrj2q',
      containerImage: 'busybox',
    });
  });

  it('Create Privileged Pod: images as a JSON array, target name <NA> under generateName', () => {
    const fields = {
      'ka.user.name': 'system:serviceaccount:kube-system:daemon-set-controller',
      'ka.target.name': '<NA>',
      'ka.target.resource': 'pods',
      'ka.target.namespace': 'monitoring',
      'ka.resp.name': 'node-exporter-5m8kq',
      'ka.req.pod.containers.image': ['quay.io/prometheus/node-exporter:v1.8.1', 'busybox'],
      'ka.req.pod.initContainers.image': null,
    };
    expect(deriveKubernetes(fields, 'k8s_audit', null)).toMatchObject({
      namespace: 'monitoring',
      pod: 'node-exporter-5m8kq',
      workload: 'node-exporter',
      containerImage: 'quay.io/prometheus/node-exporter:v1.8.1',
    });
  });

  it('reads a list field printed as text', () => {
    const fields = {
      'ka.target.resource': 'pods',
      'ka.resp.name': 'debug',
      'ka.req.pod.containers.image': '(alpine:3.20,busybox)',
    };
    expect(deriveKubernetes(fields, 'k8s_audit', null).containerImage).toBe('alpine:3.20');
  });

  it('Attach/Exec Pod: the target is the pod', () => {
    const fields = {
      'ka.user.name': 'alice',
      'ka.target.name': 'web-6d4cf56db6-x2k9p',
      'ka.target.resource': 'pods',
      'ka.target.namespace': 'shop',
      'ka.target.subresource': 'exec',
      'ka.uri.param[command]': 'sh',
    };
    expect(deriveKubernetes(fields, 'k8s_audit', null)).toMatchObject({
      namespace: 'shop',
      pod: 'web-6d4cf56db6-x2k9p',
      workload: 'web',
      containerImage: null,
    });
  });

  it('port-forward: only the subresource says the target is a pod', () => {
    const fields = {
      'ka.user.name': 'alice',
      'ka.target.name': 'postgres-0',
      'ka.target.namespace': 'db',
      'ka.target.subresource': 'portforward',
    };
    expect(deriveKubernetes(fields, 'k8saudit-gke', null)).toMatchObject({
      namespace: 'db',
      pod: 'postgres-0',
      workload: 'postgres',
    });
  });

  it('EphemeralContainers Created: the debug image comes from the rule’s jevt field', () => {
    const fields = {
      'ka.target.name': 'web-6d4cf56db6-x2k9p',
      'ka.target.resource': 'pods',
      'ka.target.namespace': 'shop',
      'jevt.value[/requestObject/ephemeralContainers/0/name]': 'debugger-8k2mz',
      'jevt.value[/requestObject/ephemeralContainers/0/image]': 'busybox:1.36',
    };
    expect(deriveKubernetes(fields, 'k8s_audit', null).containerImage).toBe('busybox:1.36');
  });

  it('K8s Deployment Created: the target is the workload, there is no pod', () => {
    const fields = {
      'ka.user.name': 'ci-bot',
      'ka.target.name': 'checkout',
      'ka.target.namespace': 'shop',
      'ka.target.resource': 'deployments',
      'ka.response.code': 201,
    };
    expect(deriveKubernetes(fields, 'k8s_audit', 'prod-eu')).toEqual({
      ...none,
      cluster: 'prod-eu',
      namespace: 'shop',
      workload: 'checkout',
    });
  });

  it('maps controller-created ReplicaSets and CronJob Jobs to their owners', () => {
    const replicaSet = {
      'ka.target.name': '<NA>',
      'ka.resp.name': 'checkout-6d4cf56db6',
      'ka.target.resource': 'replicasets',
      'ka.target.namespace': 'shop',
    };
    const job = {
      'ka.target.name': 'backup-29556248',
      'ka.target.resource': 'jobs',
      'ka.target.namespace': 'ops',
    };
    expect(deriveKubernetes(replicaSet, 'k8s_audit', null).workload).toBe('checkout');
    expect(deriveKubernetes(job, 'k8s_audit', null).workload).toBe('backup');
  });

  it('keeps hand-named workload targets whole', () => {
    const fields = { 'ka.target.name': 'fluent-bit', 'ka.target.resource': 'daemonsets' };
    expect(deriveKubernetes(fields, 'k8s_audit', null).workload).toBe('fluent-bit');
  });

  it('K8s Namespace Created: the namespace is the target', () => {
    const fields = {
      'ka.user.name': 'admin',
      'ka.target.name': 'team-blue',
      'ka.target.resource': 'namespaces',
    };
    expect(deriveKubernetes(fields, 'k8s_audit', null)).toEqual({
      ...none,
      namespace: 'team-blue',
    });
  });

  it('K8s ConfigMap Created: namespaced, but neither pod nor workload', () => {
    const fields = {
      'ka.target.name': 'app-config',
      'ka.target.namespace': 'shop',
      'ka.target.resource': 'configmaps',
    };
    expect(deriveKubernetes(fields, 'k8s_audit', null)).toEqual({ ...none, namespace: 'shop' });
  });

  it('K8s ClusterRole Created: cluster-scoped, so no namespace', () => {
    const fields = {
      'ka.target.name': 'aggregate-to-admin',
      'ka.target.resource': 'clusterroles',
      'ka.target.namespace': '<NA>',
    };
    expect(deriveKubernetes(fields, 'k8s_audit', 'prod-eu')).toEqual({
      ...none,
      cluster: 'prod-eu',
    });
  });

  it('takes the GKE cluster name from the reconstructed event’s annotations', () => {
    const fields = {
      'jevt.value[/annotations/cluster_name]': 'gke-prod',
      'ka.target.namespace': 'shop',
    };
    expect(deriveKubernetes(fields, 'k8s_audit', 'fallback').cluster).toBe('gke-prod');
  });
});

describe('deriveKubernetes: cluster default', () => {
  it.each(['aws_cloudtrail', 'gcp_auditlog', 'okta', 'github'])(
    'does not place %s events in the default cluster',
    (source) => {
      expect(deriveKubernetes({}, source, 'prod-eu').cluster).toBeNull();
    },
  );

  it('ignores an empty default', () => {
    expect(deriveKubernetes({}, 'syscall', '').cluster).toBeNull();
  });
});

describe('deriveKubernetes: unusable values', () => {
  it.each([
    ['empty', ''],
    ['<NA>', '<NA>'],
    ['N/A', 'N/A'],
    ['blank', '   '],
    ['null', null],
    ['number', 42],
    ['boolean', true],
    ['array', ['shop']],
    ['object', { name: 'shop' }],
  ])('treats %s as absent', (_label, value) => {
    const fields = {
      'k8s.cluster.name': value,
      'k8s.ns.name': value,
      'k8s.pod.name': value,
      'container.image.repository': value,
      'container.image': value,
    };
    expect(deriveKubernetes(fields, 'syscall', null)).toEqual(none);
  });

  it('treats a number kept by the lossless parser as absent', () => {
    const { value } = parseLossless('{"k8s.ns.name":123456789012345678901234}');
    expect(
      deriveKubernetes(value as Record<string, unknown>, 'syscall', null).namespace,
    ).toBeNull();
  });

  it('falls through a placeholder to the next candidate field', () => {
    const fields = { 'k8s.ns.name': '<NA>', 'k8smeta.ns.name': 'shop' };
    expect(deriveKubernetes(fields, 'syscall', null).namespace).toBe('shop');
  });

  it('trims surrounding whitespace', () => {
    expect(deriveKubernetes({ 'k8s.ns.name': ' shop\n' }, 'syscall', null).namespace).toBe('shop');
  });

  it('cuts every value at 253 characters', () => {
    const long = 'a'.repeat(300);
    const result = deriveKubernetes(
      { 'k8s.ns.name': long, 'k8s.pod.name': long, 'container.image': long },
      'syscall',
      long,
    );
    for (const value of Object.values(result)) expect(value).toBe('a'.repeat(253));
  });
});

describe('deriveKubernetes: container image', () => {
  it('joins repository and tag', () => {
    const fields = {
      'container.image.repository': 'ghcr.io/acme/api',
      'container.image.tag': 'v2',
    };
    expect(deriveKubernetes(fields, 'syscall', null).containerImage).toBe('ghcr.io/acme/api:v2');
  });

  it('prefers the full image over a bare repository when there is no tag (digest pins)', () => {
    const fields = {
      'container.image.repository': 'ghcr.io/acme/api',
      'container.image.tag': '<NA>',
      'container.image': 'ghcr.io/acme/api@sha256:4f2a',
    };
    expect(deriveKubernetes(fields, 'syscall', null).containerImage).toBe(
      'ghcr.io/acme/api@sha256:4f2a',
    );
  });

  it('falls back to the bare repository, and ignores a tag alone', () => {
    expect(
      deriveKubernetes({ 'container.image.repository': 'redis' }, 'syscall', null).containerImage,
    ).toBe('redis');
    expect(
      deriveKubernetes({ 'container.image.tag': '7' }, 'syscall', null).containerImage,
    ).toBeNull();
  });
});

describe('deriveKubernetes: purity', () => {
  it('neither mutates its input nor depends on anything else', () => {
    const fields = Object.freeze({ 'k8s.ns.name': 'shop', 'k8s.pod.name': 'postgres-0' });
    const first = deriveKubernetes(fields, 'syscall', 'prod-eu');
    expect(deriveKubernetes(fields, 'syscall', 'prod-eu')).toEqual(first);
  });
});
