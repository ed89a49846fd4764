import { PEOPLE } from './catalog.js';
import type { Rng } from './rng.js';
import type { Scene } from './scene.js';
import { splitField } from './template.js';
import { rfc3339 } from './time.js';

/** A value in `output_fields`: Falco sends numbers for numeric fields, null when unknown. */
export type FieldValue = string | number | boolean | null | string[];

type Resolver = (s: Scene, rng: Rng, arg: string | undefined) => FieldValue;

/** The value of one `output_fields` key (`proc.aname[2]` included) for a scene. */
export function resolveField(field: string, scene: Scene, rng: Rng): FieldValue {
  const { name, arg } = splitField(field);
  const resolver = RESOLVERS[name];
  if (resolver) return resolver(scene, rng, arg);
  // A field this table does not know still gets a plausible word, never a bare placeholder.
  return `${name.slice(name.lastIndexOf('.') + 1).toLowerCase()}-${rng.hex(6)}`;
}

const ancestor = (s: Scene, n: number) => s.sys.chain[n];
const isRoot = (s: Scene) => s.sys.user.uid === 0;
const serverSide = (s: Scene) => (s.sys.net.outbound ? 'r' : 'l');

const SYSCALL: Record<string, Resolver> = {
  'evt.time.iso8601': (s) => rfc3339(s.timeNs),
  'evt.type': (s) => s.sys.evtType,
  'evt.res': (_, rng) => (rng.chance(0.9) ? 'SUCCESS' : 'EACCES'),
  'evt.num': (_, rng) => rng.int(1_000_000, 900_000_000),
  'evt.args': (s) =>
    `fd=3(<f>${s.sys.file}) dirfd=-100(AT_FDCWD) name=${s.sys.file} flags=1(${s.sys.flags}) mode=0`,
  'evt.arg.flags': (s) => s.sys.flags,
  'evt.arg.filename': (s) => s.sys.file,
  'evt.arg.name': (s) => s.sys.file,
  'evt.arg.path': (s) => s.sys.file,
  'evt.arg.target': (s) => s.sys.file,
  'evt.arg.newpath': (s) => s.sys.file,
  'evt.arg.oldpath': (_, rng) => `/tmp/.x/${rng.hex(6)}`,
  'evt.arg.linkpath': (_, rng) => `/tmp/.x/${rng.hex(6)}`,
  'evt.arg.mode': (_, rng) => rng.pick(['0644', '0755', '04755']),
  'evt.arg.uid': () => '0',
  'evt.arg.cmd': () => 'BPF_PROG_LOAD',
  'evt.arg.fd': (_, rng) => String(rng.int(3, 40)),
  'evt.plugininfo': (s) => `cluster=${s.cluster.spec.name}`,
  'proc.name': (s) => ancestor(s, 0)?.name ?? null,
  'proc.exe': (s) => ancestor(s, 0)?.name ?? null,
  'proc.exepath': (s) => ancestor(s, 0)?.exepath ?? null,
  'proc.cmdline': (s) => ancestor(s, 0)?.cmdline ?? null,
  'proc.args': (s) => ancestor(s, 0)?.args ?? null,
  'proc.pname': (s) => ancestor(s, 1)?.name ?? null,
  'proc.pexe': (s) => ancestor(s, 1)?.name ?? null,
  'proc.pexepath': (s) => ancestor(s, 1)?.exepath ?? null,
  'proc.pcmdline': (s) => ancestor(s, 1)?.cmdline ?? null,
  'proc.aname': (s, _, arg) => ancestor(s, Number(arg ?? 0))?.name ?? null,
  'proc.aexepath': (s, _, arg) => ancestor(s, Number(arg ?? 0))?.exepath ?? null,
  'proc.sname': (s) => s.sys.chain.at(-2)?.name ?? null,
  'proc.tty': (s) => s.sys.tty,
  'proc.cwd': (s) => s.sys.cwd,
  'proc.env': (s) =>
    `PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOSTNAME=${s.pod?.name ?? s.hostname} HOME=${isRoot(s) ? '/root' : '/home/app'}`,
  'proc.exe_ino.ctime': (s, rng) => Number(s.timeNs - BigInt(rng.int(5, 600)) * 1_000_000_000n),
  'proc.exe_ino.mtime': (s, rng) => Number(s.timeNs - BigInt(rng.int(5, 600)) * 1_000_000_000n),
  'proc.exe_ino.ctime_duration_proc_start': (_, rng) => rng.int(1_000_000, 9_000_000_000),
  'thread.cap_effective': (s) =>
    isRoot(s)
      ? 'CAP_CHOWN CAP_DAC_OVERRIDE CAP_FOWNER CAP_SETUID CAP_SETGID CAP_NET_BIND_SERVICE CAP_SYS_ADMIN'
      : '',
  'thread.cap_permitted': (s) =>
    isRoot(s)
      ? 'CAP_CHOWN CAP_DAC_OVERRIDE CAP_FOWNER CAP_SETUID CAP_SETGID CAP_NET_BIND_SERVICE CAP_SYS_ADMIN'
      : '',
  'user.name': (s) => s.sys.user.name,
  'user.uid': (s) => s.sys.user.uid,
  'user.loginuid': (s) => s.sys.user.loginuid,
  'user.loginname': (s) => s.sys.user.loginname,
  'group.gid': (s) => s.sys.user.uid,
  'group.name': (s) => s.sys.user.name,
  'fd.name': (s) => {
    const n = s.sys.net;
    if (s.sys.kind !== 'net') return s.sys.file;
    return n.outbound
      ? `${n.lip}:${n.lport}->${n.rip}:${n.rport}`
      : `${n.rip}:${n.rport}->${n.lip}:${n.lport}`;
  },
  'fd.nameraw': (s) => s.sys.file,
  'fd.type': (s) => (s.sys.kind === 'net' ? 'ipv4' : 'file'),
  'fd.l4proto': (s) => s.sys.net.proto,
  'fd.lport': (s) => s.sys.net.lport,
  'fd.rport': (s) => s.sys.net.rport,
  'fd.sport': (s) => (serverSide(s) === 'r' ? s.sys.net.rport : s.sys.net.lport),
  'fd.sip': (s) => (serverSide(s) === 'r' ? s.sys.net.rip : s.sys.net.lip),
  'fd.rip': (s) => s.sys.net.rip,
  'fd.sip.name': (s, rng) =>
    serverSide(s) === 'r' && rng.chance(0.6) ? 'pool.mining.example.net' : null,
  'fd.rip.name': (s, rng) =>
    rng.chance(0.5)
      ? s.sys.net.rip === '10.96.0.1'
        ? 'kubernetes.default.svc'
        : 'c2.example.org'
      : null,
  'fd.cip.name': () => null,
  'fd.lip.name': () => null,
  'container.id': (s) => s.pod?.containerId ?? 'host',
  'container.name': (s) => s.pod?.workload.name ?? 'host',
  'container.image.repository': (s) => s.pod?.workload.repository ?? null,
  'container.image.tag': (s) => s.pod?.workload.tag ?? null,
  'container.mounts': (s) =>
    s.pod
      ? '/var/run/docker.sock:/var/run/docker.sock::true:rprivate,/proc:/host/proc::false:rprivate'
      : null,
  'container.start_ts': (s) => (s.pod ? Number(s.pod.containerStartNs) : null),
  'k8s.ns.name': (s) => s.pod?.workload.namespace ?? null,
  'k8s.pod.name': (s) => s.pod?.name ?? null,
  'k8s.cluster.name': (s) => s.cluster.spec.name,
};

const AUDIT: Record<string, Resolver> = {
  'ka.user.name': (s) => s.audit.user,
  'ka.verb': (s) => s.audit.verb,
  'ka.target.resource': (s) => s.audit.resource,
  'ka.target.subresource': (s) => s.audit.subresource,
  'ka.target.name': (s) => s.audit.name,
  'ka.target.namespace': (s) => s.audit.namespace,
  'ka.uri': (s) => auditUri(s),
  'ka.uri.param': (_, rng, arg) => (arg === 'command' ? rng.pick(['sh', 'bash', 'cat']) : 'true'),
  'ka.auth.decision': (s) => s.audit.decision,
  'ka.auth.reason': (s) =>
    s.audit.decision === 'allow'
      ? `RBAC: allowed by ClusterRoleBinding "platform-admins" of ClusterRole "cluster-admin" to User "${s.audit.user}"`
      : '',
  'ka.response.code': (s) => s.audit.code,
  'ka.response.reason': (s) => (s.audit.decision === 'forbid' ? 'Forbidden' : null),
  'ka.req.pod.containers.image': (s) => [s.audit.image],
  'ka.req.pod.initContainers.image': () => ['docker.io/library/busybox:1.36'],
  'ka.req.pod.ephemeralContainers.image': () => ['docker.io/nicolaka/netshoot:v0.12'],
  'ka.req.binding.role': () => 'cluster-admin',
  'ka.req.binding.subjects': (s) => [s.audit.user],
  'ka.req.role.rules': () => '[{"apiGroups":["*"],"resources":["*"],"verbs":["*"]}]',
  'ka.req.service.ports': () => '[{"nodePort":31337,"port":80,"protocol":"TCP","targetPort":8080}]',
  'ka.req.configmap.name': (s) => s.audit.name,
  'ka.resp.name': (s) => s.audit.name,
  'jevt.value': (s, rng, arg) => {
    if (arg?.endsWith('/image')) return 'docker.io/nicolaka/netshoot:v0.12';
    if (arg?.endsWith('/name')) return `debugger-${rng.chars('bcdfghjklmnpqrstvwxz2456789', 5)}`;
    if (arg?.endsWith('/volumes'))
      return `[{"hostPath":{"path":"/","type":""},"name":"host-root"}]`;
    return s.audit.name;
  },
  'jevt.obj': (s) =>
    JSON.stringify({
      kind: 'Event',
      verb: s.audit.verb,
      user: { username: s.audit.user },
      objectRef: { resource: s.audit.resource, namespace: s.audit.namespace, name: s.audit.name },
    }),
};

function auditUri(s: Scene): string {
  const a = s.audit;
  const group = ['deployments', 'daemonsets'].includes(a.resource)
    ? '/apis/apps/v1'
    : a.resource.startsWith('cluster')
      ? '/apis/rbac.authorization.k8s.io/v1'
      : '/api/v1';
  const scope =
    a.resource.startsWith('cluster') || a.resource === 'namespaces'
      ? ''
      : `/namespaces/${a.namespace}`;
  const path = `${group}${scope}/${a.resource}${a.verb === 'create' && !a.subresource ? '' : `/${a.name}`}`;
  return a.subresource
    ? `${path}/${a.subresource}?command=sh&container=${a.name.split('-')[0] ?? 'app'}&stdin=true&tty=true`
    : path;
}

const ACCOUNT = '123456789012';
const CLOUD: Record<string, Resolver> = {
  'ct.user': (s) => s.cloud.person.login,
  'ct.user.arn': (s) => `arn:aws:iam::${ACCOUNT}:user/${s.cloud.person.login}`,
  'ct.user.principalid': (_, rng) => `AIDA${rng.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 17)}`,
  'ct.region': (s) => s.cloud.region,
  'ct.srcip': (s) => s.cloud.ip,
  'ct.id': (_, rng) => uuidLike(rng),
  'ct.error': (_, rng) => (rng.chance(0.8) ? null : 'AccessDenied'),
  'ct.request.availabilityzone': (s) => `${s.cloud.region}a`,
  'ct.request.cluster': () => 'acme-ecs-prod',
  'ct.request.functionname': () => 'invoice-render',
  'ct.request.groupname': () => 'Administrators',
  'ct.request.host': () => 'acme-prod.cluster-c2x9.eu-west-1.rds.amazonaws.com',
  'ct.request.name': () => 'acme-org-trail',
  'ct.request.policy': () =>
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject"}]}',
  'ct.request.serialnumber': (s) => `arn:aws:iam::${ACCOUNT}:mfa/${s.cloud.person.login}`,
  'ct.request.servicename': () => 'ssm',
  'ct.request.taskdefinition': (_, rng) => `acme-worker:${rng.int(3, 90)}`,
  'ct.request.username': (s) => s.cloud.person.login,
  'ct.response.reservationid': (_, rng) => `r-0${rng.hex(16)}`,
  'ct.response.subnetid': (_, rng) => `subnet-0${rng.hex(16)}`,
  's3.bucket': () => 'acme-prod-backups',
  'json.value': (s, rng, arg) => {
    const key = arg?.slice(arg.lastIndexOf('/') + 1) ?? '';
    const values: Record<string, string> = {
      instanceId: `i-0${rng.hex(16)}`,
      crypto_key_id: 'payments-signing-key',
      key_ring_id: 'prod-keyring',
      dataset_id: 'analytics_prod',
      policy_name: `projects/${s.cloud.project}/policies/prod-org-policy`,
    };
    return values[key] ?? `${key}-${rng.hex(6)}`;
  },
  'gcp.user': (s, rng) =>
    rng.chance(0.7) ? s.cloud.person.email : `terraform@${s.cloud.project}.iam.gserviceaccount.com`,
  'gcp.callerIP': (s) => s.cloud.ip,
  'gcp.userAgent': (_, rng) =>
    rng.pick([
      'google-cloud-sdk gcloud/468.0.0 command/gcloud.compute.instances.create',
      'Terraform/1.7.5 google-provider/5.21.0',
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) Chrome/123.0',
    ]),
  'gcp.authorizationInfo': (s) =>
    `[{"granted":true,"permission":"resourcemanager.projects.setIamPolicy","resource":"projects/${s.cloud.project}"}]`,
  'gcp.request': (s) =>
    `{"@type":"type.googleapis.com/google.iam.v1.SetIamPolicyRequest","resource":"projects/${s.cloud.project}"}`,
  'gcp.projectId': (s) => s.cloud.project,
  'gcp.methodName': () => 'SetIamPolicy',
  'gcp.serviceName': () => 'cloudresourcemanager.googleapis.com',
  'gcp.policyDelta': (s) =>
    `{"bindingDeltas":[{"action":"ADD","member":"user:${s.cloud.person.email}","role":"roles/owner"}]}`,
  'gcp.storage.bucket': (s) => `${s.cloud.project}-exports`,
  'gcp.cloudsql.databaseId': (s) => `${s.cloud.project}:orders-db`,
  'gcp.cloudfunctions.function': () => 'thumbnailer',
  'github.user': (s) => s.cloud.person.login,
  'github.org': () => 'acme',
  'github.owner': () => 'acme',
  'github.repo.name': (s) => s.cloud.repo,
  'github.repo.url': (s) => `https://github.com/acme/${s.cloud.repo}`,
  'github.collaborator.name': (s, rng) =>
    rng.pick(PEOPLE.filter((p) => p !== s.cloud.person)).login,
  'github.collaborator.role': () => 'admin',
  'github.webhook.id': (_, rng) => String(rng.int(400_000_000, 499_999_999)),
  'github.webhook.type': () => 'repository',
  'github.workflow.filename': () => '.github/workflows/release.yml',
  'github.diff.committed_secrets.desc': () => 'AWS Access Key ID',
  'github.diff.committed_secrets.files': () => 'config/prod.env',
  'github.diff.committed_secrets.lines': (_, rng) => String(rng.int(3, 120)),
  'github.diff.committed_secrets.links': (s, rng) =>
    `https://github.com/acme/${s.cloud.repo}/commit/${rng.hex(40)}`,
  'okta.actor.name': (s) => s.cloud.person.email,
  'okta.client.ip': (s) => s.cloud.ip,
  'okta.client.geo.country': (s) => s.cloud.country,
  'okta.target.user.name': (s, rng) => rng.pick(PEOPLE.filter((p) => p !== s.cloud.person)).email,
  'okta.target.app.alternateid': () => 'Salesforce.com',
  'okta.target.group.name': () => 'Administrators',
  'okta.reason': () => 'INVALID_CREDENTIALS',
  'okta.mfa.failure.countlast': (_, rng) => rng.int(3, 25),
  'okta.mfa.deny.countlast': (_, rng) => rng.int(3, 25),
};

const RESOLVERS: Record<string, Resolver> = { ...SYSCALL, ...AUDIT, ...CLOUD };

function uuidLike(rng: Rng): string {
  return `${rng.hex(8)}-${rng.hex(4)}-4${rng.hex(3)}-${rng.pick(['8', '9', 'a', 'b'])}${rng.hex(3)}-${rng.hex(12)}`;
}
