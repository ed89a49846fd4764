import {
  CONTAINER_ANCESTORS,
  COUNTRIES,
  AWS_REGIONS,
  EXEPATHS,
  EXTERNAL_IPS,
  GCP_PROJECTS,
  GITHUB_REPOS,
  HOST_ANCESTORS,
  K8S_USERS,
  NETWORKERS,
  PEOPLE,
  READERS,
  SENSITIVE_FILES,
  SHELLS,
  TOOLS,
  WRITERS,
  WRITTEN_FILES,
  type Person,
  type ProgramSpec,
} from './catalog.js';
import type { Cluster, Pod } from './fleet.js';
import type { Rng } from './rng.js';
import type { FalcoRule } from './rules.js';

/**
 * Everything one alert is about, decided once so that its fields agree with each other
 * (`proc.cmdline` starts with `proc.name`, `fd.name` is the file the rule is about…).
 */
export interface Scene {
  rule: FalcoRule;
  timeNs: bigint;
  cluster: Cluster;
  /** Falco's `hostname`: the node for syscalls, the plugin deployment's pod otherwise. */
  hostname: string;
  /** The pod a syscall alert happened in; undefined on the host (and for other sources). */
  pod: Pod | undefined;
  sys: SyscallFacts;
  audit: AuditFacts;
  cloud: CloudFacts;
}

export type SyscallKind = 'exec' | 'read' | 'write' | 'net';

export interface Process {
  name: string;
  exepath: string;
  args: string;
  cmdline: string;
}

export interface SyscallFacts {
  kind: SyscallKind;
  evtType: string;
  flags: string;
  /** The process first, then its parent, grandparent… up to PID 1. */
  chain: Process[];
  file: string;
  user: { name: string; uid: number; loginuid: number; loginname: string | null };
  tty: number;
  cwd: string;
  net: {
    lip: string;
    lport: number;
    rip: string;
    rport: number;
    proto: 'tcp' | 'udp';
    outbound: boolean;
  };
}

export interface AuditFacts {
  user: string;
  verb: string;
  resource: string;
  subresource: string | null;
  name: string;
  namespace: string;
  decision: 'allow' | 'forbid';
  code: string;
  image: string;
}

export interface CloudFacts {
  person: Person;
  ip: string;
  country: string;
  region: string;
  project: string;
  repo: string;
}

/** Falco deployments running a source's plugin are usually named after the plugin. */
const PLUGIN_NAMES: Readonly<Record<string, string>> = {
  k8s_audit: 'k8saudit',
  aws_cloudtrail: 'cloudtrail',
  gcp_auditlog: 'gcpaudit',
};

export function buildScene(
  rng: Rng,
  rule: FalcoRule,
  cluster: Cluster,
  timeNs: bigint,
  pod: Pod | undefined,
): Scene {
  const isSyscall = rule.source === 'syscall';
  const hostname = isSyscall
    ? (pod?.node ?? rng.pick(cluster.nodes))
    : `falco-${PLUGIN_NAMES[rule.source] ?? rule.source.replace(/_/g, '-')}-${cluster.pluginPodSuffix}`;
  return {
    rule,
    timeNs,
    cluster,
    hostname,
    pod: isSyscall ? pod : undefined,
    sys: syscallFacts(rng, rule, pod),
    audit: auditFacts(rng, rule, cluster, pod),
    cloud: cloudFacts(rng),
  };
}

/**
 * Picks the pod of a syscall alert: about one in six happens on the host itself, never for rules
 * about containers.
 */
export function pickPod(rng: Rng, rule: FalcoRule, cluster: Cluster): Pod | undefined {
  const aboutContainers = /container|pod|k8s/.test(rule.name.toLowerCase());
  return !aboutContainers && rng.chance(0.16) ? undefined : rng.pick(cluster.pods);
}

export function syscallKind(rule: FalcoRule): SyscallKind {
  const name = rule.name.toLowerCase();
  if (/%fd\.(rport|sip|rip|lport|l4proto)/.test(rule.output)) return 'net';
  if (/connect|outbound|inbound|network|c2|ssh|dns|tor |miner|api server|port/.test(name))
    return 'net';
  if (/writ|modif|creat|delet|remov|renam|below|clear|symlink|hardlink|mkdir|drop/.test(name))
    return 'write';
  if (/read|open|sensitive|access|traversal|search|find/.test(name)) return 'read';
  return 'exec';
}

function syscallFacts(rng: Rng, rule: FalcoRule, pod: Pod | undefined): SyscallFacts {
  const kind = syscallKind(rule);
  const file = kind === 'write' ? rng.pick(WRITTEN_FILES) : rng.pick(SENSITIVE_FILES);
  const program = rng.pick(programsFor(kind, rule.name.toLowerCase()));
  const self = toProcess(program, rng, file);
  const ancestors = rng
    .pick(pod ? CONTAINER_ANCESTORS : HOST_ANCESTORS)
    .map((name) =>
      toProcess({ name, exepath: EXEPATHS[name] ?? `/usr/bin/${name}`, args: [''] }, rng, file),
    );
  const onHost = pod === undefined;
  const root = onHost ? rng.chance(0.4) : rng.chance(0.7);
  const human = onHost && !root;
  const podIp = `10.244.${rng.int(0, 15)}.${rng.int(2, 254)}`;
  const outbound = !/inbound|listen/.test(rule.name.toLowerCase());
  return {
    kind,
    ...eventTypeFor(rng, rule, kind),
    chain: [self, ...ancestors],
    file,
    user: root
      ? { name: 'root', uid: 0, loginuid: human ? 1000 : -1, loginname: human ? 'ubuntu' : null }
      : human
        ? { name: 'ubuntu', uid: 1000, loginuid: 1000, loginname: 'ubuntu' }
        : rng.pick([
            { name: 'www-data', uid: 33, loginuid: -1, loginname: null },
            { name: 'app', uid: 10001, loginuid: -1, loginname: null },
            { name: 'nobody', uid: 65534, loginuid: -1, loginname: null },
          ]),
    // 34816 is /dev/pts/0: an interactive terminal (kubectl exec -it, ssh).
    tty: /shell|terminal|interactive/.test(rule.name.toLowerCase()) || rng.chance(0.3) ? 34816 : 0,
    cwd: pod
      ? rng.pick(['/app/', '/', '/usr/src/app/', '/tmp/'])
      : rng.pick(['/root/', '/home/ubuntu/']),
    net: {
      lip: podIp,
      lport: outbound ? rng.int(32768, 60999) : rng.pick([22, 8080, 9001, 4444]),
      rip: /api server|k8s api/.test(rule.name.toLowerCase())
        ? '10.96.0.1'
        : rng.pick(EXTERNAL_IPS),
      rport: outbound ? rng.pick([443, 80, 4444, 3333, 22, 53, 8080]) : rng.int(32768, 60999),
      proto: rng.chance(0.9) ? 'tcp' : 'udp',
      outbound,
    },
  };
}

/** Programs named by the rule itself first (a shell for shell rules…), else by its kind. */
function programsFor(kind: SyscallKind, ruleName: string): readonly ProgramSpec[] {
  const named = PROGRAMS_BY_RULE.find(([re]) => re.test(ruleName));
  if (named) return [...SHELLS, ...TOOLS].filter((p) => named[1].includes(p.name));
  switch (kind) {
    case 'read':
      return READERS;
    case 'write':
      return WRITERS;
    case 'net':
      return NETWORKERS;
    case 'exec':
      return [...SHELLS, ...TOOLS];
  }
}

const PROGRAMS_BY_RULE: [RegExp, string[]][] = [
  [/package management/, ['apt-get']],
  [/netcat|remote code execution/, ['nc']],
  [/miner|mining/, ['xmrig']],
  [/k8s client|kubectl/, ['kubectl']],
  [/ssh/, ['ssh']],
  [/mount/, ['mount']],
  [/kernel module|module injection/, ['insmod']],
  [/user mgmt|user management|account/, ['useradd']],
  [/history|clear log|log activities/, ['rm']],
  [/network tool|tool|download/, ['curl', 'wget', 'nc']],
  [/shell|terminal|interactive/, ['sh', 'bash', 'ash', 'dash']],
];

function toProcess(spec: ProgramSpec, rng: Rng, file: string): Process {
  const args = rng.pick(spec.args).replaceAll('{file}', file);
  return {
    name: spec.name,
    exepath: spec.exepath,
    args,
    cmdline: args ? `${spec.name} ${args}` : spec.name,
  };
}

/** The syscall a rule of this kind fires on, and its flags as Falco prints them. */
function eventTypeFor(
  rng: Rng,
  rule: FalcoRule,
  kind: SyscallKind,
): { evtType: string; flags: string } {
  const name = rule.name.toLowerCase();
  const special: [RegExp, string][] = [
    [/ptrace/, 'ptrace'],
    [/namespace|setns/, 'setns'],
    [/symlink/, 'symlinkat'],
    [/hardlink/, 'linkat'],
    [/rename/, 'renameat2'],
    [/delet|remov|clear/, 'unlinkat'],
    [/module|kernel/, 'init_module'],
    [/bpf/, 'bpf'],
    [/memfd|fileless/, 'memfd_create'],
    [/setuid|privilege/, 'setuid'],
    [/mkdir|directory below/, 'mkdirat'],
    [/mount/, 'mount'],
  ];
  const hit = special.find(([re]) => re.test(name));
  if (hit) return { evtType: hit[1], flags: '0' };
  switch (kind) {
    case 'read':
      return { evtType: 'openat', flags: 'O_RDONLY|O_CLOEXEC' };
    case 'write':
      return { evtType: 'openat', flags: 'O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC' };
    case 'net':
      return { evtType: /inbound|listen/.test(name) ? 'accept4' : 'connect', flags: '0' };
    case 'exec':
      return {
        evtType: 'execve',
        flags: rng.pick([
          'EXE_WRITABLE|EXE_UPPER_LAYER',
          'EXE_LOWER_LAYER',
          'EXE_WRITABLE|EXE_UPPER_LAYER|EXE_FROM_MEMFD',
        ]),
      };
  }
}

function auditFacts(rng: Rng, rule: FalcoRule, cluster: Cluster, pod: Pod | undefined): AuditFacts {
  const name = rule.name.toLowerCase();
  const target = pod ?? rng.pick(cluster.pods);
  const resource = auditResource(name);
  const subresource = /exec/.test(name)
    ? 'exec'
    : /attach/.test(name)
      ? 'attach'
      : /port.?forward/.test(name)
        ? 'portforward'
        : null;
  const verb = /delet/.test(name)
    ? 'delete'
    : /modif|update|patch/.test(name)
      ? 'patch'
      : /read|get|list|access/.test(name)
        ? 'get'
        : 'create';
  const denied = /anonymous|unauthori|fail|denied/.test(name);
  return {
    user: /anonymous/.test(name) ? 'system:anonymous' : rng.pick(K8S_USERS),
    verb,
    resource,
    subresource,
    name:
      resource === 'pods' ? target.name : `${target.workload.name}-${resource.replace(/s$/, '')}`,
    namespace: /kube-system|system namespace/.test(name)
      ? 'kube-system'
      : target.workload.namespace,
    decision: denied ? 'forbid' : 'allow',
    code: denied ? '403' : verb === 'create' ? '201' : '200',
    image: `${target.workload.repository}:${target.workload.tag}`,
  };
}

function auditResource(name: string): string {
  const table: [RegExp, string][] = [
    [/secret/, 'secrets'],
    [/configmap/, 'configmaps'],
    [/clusterrolebinding|cluster-admin|binding/, 'clusterrolebindings'],
    [/clusterrole/, 'clusterroles'],
    [/role/, 'roles'],
    [/serviceaccount|service account/, 'serviceaccounts'],
    [/namespace/, 'namespaces'],
    [/deployment/, 'deployments'],
    [/daemonset/, 'daemonsets'],
    [/nodeport|service/, 'services'],
    [/ingress/, 'ingresses'],
    [/webhook/, 'mutatingwebhookconfigurations'],
  ];
  return table.find(([re]) => re.test(name))?.[1] ?? 'pods';
}

function cloudFacts(rng: Rng): CloudFacts {
  return {
    person: rng.pick(PEOPLE),
    ip: rng.chance(0.6)
      ? rng.pick(EXTERNAL_IPS)
      : `10.${rng.int(0, 3)}.${rng.int(0, 255)}.${rng.int(2, 254)}`,
    country: rng.pick(COUNTRIES),
    region: rng.pick(AWS_REGIONS),
    project: rng.pick(GCP_PROJECTS),
    repo: rng.pick(GITHUB_REPOS),
  };
}
