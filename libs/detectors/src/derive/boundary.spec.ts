import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { classifyBoundary, sourceFamily, type BoundaryInput } from './boundary.js';

const event = (input: Partial<BoundaryInput>): BoundaryInput => ({
  source: 'syscall',
  rule: 'Custom rule',
  tags: [],
  fields: {},
  ...input,
});

describe('classifyBoundary: control plane', () => {
  it.each(['k8s_audit', 'k8saudit', 'k8saudit-eks', 'k8saudit-gke', 'k8saudit-aks', ' K8S_AUDIT '])(
    'classifies Kubernetes audit source %j as control-plane',
    (source) => {
      const create = event({
        source,
        rule: 'Create Privileged Pod',
        tags: ['k8s'],
        fields: {
          'ka.user.name': 'alice',
          'ka.resp.name': 'debug-7f9c5',
          'ka.target.namespace': 'shop',
          'ka.req.pod.containers.image': 'busybox',
        },
      });
      expect(classifyBoundary(create)).toBe('control-plane');
    },
  );

  it('keeps an audit rule tagged network on the control plane: the event is an API call', () => {
    const ingress = event({
      source: 'k8s_audit',
      rule: 'Ingress Object without TLS Certificate Created',
      tags: ['k8s', 'network'],
      fields: { 'ka.target.name': 'shop', 'ka.target.namespace': 'shop', 'ka.user.name': 'ci' },
    });
    expect(classifyBoundary(ingress)).toBe('control-plane');
  });

  it.each([
    ['aws_cloudtrail', 'Console Login Without MFA', ['cloud', 'aws', 'aws_console', 'aws_iam']],
    [
      'gcp_auditlog',
      'GCP GCE Firewall rule modified',
      ['GCP', 'Firewall', 'TA0005-defense-evasion'],
    ],
    ['okta', 'User initiating impersonation session in OKTA', ['okta']],
    ['github', 'Github action with miners', ['github']],
    ['gitlab', 'Project made public', []],
    ['cloudtrail', 'Run Instances', ['cloud', 'aws']],
  ])('classifies %s (%s) as control-plane', (source, rule, tags) => {
    expect(classifyBoundary(event({ source, rule, tags }))).toBe('control-plane');
  });

  it('recognises audit-plugin fields under an unfamiliar source name', () => {
    const fields = { 'ka.verb': 'delete', 'ka.target.resource': 'secrets', 'ka.user.name': 'bob' };
    expect(classifyBoundary(event({ source: 'k8s-audit-forwarder', fields }))).toBe(
      'control-plane',
    );
  });
});

describe('classifyBoundary: network', () => {
  it('Unexpected outbound connection: tag and socket fields', () => {
    const outbound = event({
      rule: 'Interpreted procs outbound network activity',
      tags: ['maturity_sandbox', 'host', 'container', 'network', 'mitre_exfiltration', 'TA0011'],
      fields: {
        'evt.type': 'connect',
        'fd.name': '10.0.3.7:41234->203.0.113.9:443',
        'fd.type': 'ipv4',
        'fd.l4proto': 'tcp',
        'fd.lport': 41234,
        'fd.rport': 443,
        'proc.name': 'python3',
      },
    });
    expect(classifyBoundary(outbound)).toBe('network');
  });

  it('Launch Suspicious Network Tool in Container: the tag alone', () => {
    const nmap = event({
      rule: 'Launch Suspicious Network Tool in Container',
      tags: ['container', 'network', 'process', 'mitre_execution', 'T1059'],
      fields: { 'evt.type': 'execve', 'proc.name': 'nmap', 'proc.cmdline': 'nmap -sS 10.0.0.0/24' },
    });
    expect(classifyBoundary(nmap)).toBe('network');
  });

  it('Java Process Class File Download: untagged, but the fd is an IP socket', () => {
    const tags = ['maturity_sandbox', 'host', 'container', 'process', 'mitre_initial_access'];
    const download = event({
      rule: 'Java Process Class File Download',
      tags,
      fields: {
        'fd.sip': '198.51.100.20',
        'fd.sport': 1389,
        'fd.name': '10.0.3.7:51514->198.51.100.20:1389',
        'fd.type': 'ipv4',
        'fd.l4proto': 'tcp',
        'proc.name': 'java',
      },
    });
    expect(classifyBoundary(download)).toBe('network');
    // The same rule with its socket fields unresolved has only host evidence.
    const unresolved = {
      'fd.sip': null,
      'fd.sport': '<NA>',
      'fd.type': '<NA>',
      'proc.name': 'java',
    };
    expect(classifyBoundary(event({ rule: 'Java class loaded', tags, fields: unresolved }))).toBe(
      'host',
    );
  });

  it.each([
    ['fd.type', 'ipv6'],
    ['fd.l4proto', 'udp'],
    ['fd.rip', '203.0.113.9'],
    ['fd.cport', 5353],
    ['fd.sip.name', 'pool.minexmr.com'],
  ])('takes %s = %j as socket evidence', (key, value) => {
    expect(classifyBoundary(event({ rule: 'Custom rule', fields: { [key]: value } }))).toBe(
      'network',
    );
  });

  it.each([
    'Outbound Connection to C2 Servers',
    'Unexpected inbound connection source',
    'Netcat Remote Code Execution in Container',
    'Port scanning from pod',
    'Reverse Shell from Web Server',
  ])('takes the rule name %j as evidence when there are no tags', (rule) => {
    expect(classifyBoundary(event({ rule }))).toBe('network');
  });

  it('takes a network tactic tag with a transfer word in the name', () => {
    const tunnel = event({ rule: 'DNS Tunneling Detected', tags: ['mitre_exfiltration'] });
    const beacon = event({ rule: 'HTTP beaconing from container', tags: ['TA0011'] });
    expect(classifyBoundary(tunnel)).toBe('network');
    expect(classifyBoundary(beacon)).toBe('network');
  });

  it('classifies DNS collector events as network', () => {
    expect(classifyBoundary(event({ source: 'dnscollector', rule: 'Suspicious domain' }))).toBe(
      'network',
    );
  });
});

describe('classifyBoundary: host', () => {
  it.each([
    ['Terminal shell in container', ['maturity_stable', 'container', 'shell', 'mitre_execution']],
    ['Write below etc', ['maturity_sandbox', 'host', 'container', 'filesystem', 'T1098']],
    ['Launch Privileged Container', ['maturity_incubating', 'container', 'cis', 'T1610']],
    ['Container Access to Host Sensitive Paths', ['container', 'filesystem', 'T1611']],
    ['Detect release_agent File Container Escapes', ['container', 'process', 'T1611']],
  ])('classifies %s as host', (rule, tags) => {
    expect(classifyBoundary(event({ rule, tags }))).toBe('host');
  });

  it.each([
    ['Decoding Payload in Container', ['container', 'process', 'mitre_command_and_control']],
    ['Exfiltrating Artifacts via Kubernetes Control Plane', ['container', 'mitre_exfiltration']],
    ['Launch Disallowed Container', ['container', 'mitre_lateral_movement', 'T1610']],
    ['Read ssh information', ['host', 'container', 'filesystem', 'mitre_collection']],
    ['Program run with disallowed http proxy env', ['host', 'container', 'mitre_execution']],
  ])('does not take %s for network: no connection in it', (rule, tags) => {
    expect(classifyBoundary(event({ rule, tags }))).toBe('host');
  });

  it('a unix socket is not a network connection, whatever the rule is called', () => {
    const runtimeSocket = event({
      rule: 'Unexpected connection to container runtime socket',
      fields: { 'fd.type': 'unix', 'fd.name': '/run/containerd/containerd.sock', 'fd.rport': null },
    });
    expect(classifyBoundary(runtimeSocket)).toBe('host');
  });

  it.each(['syscalls', 'docker', 'seccompagent', 'journal'])(
    'classifies source %s as host by default',
    (source) => {
      expect(classifyBoundary(event({ source, rule: 'Something happened' }))).toBe('host');
    },
  );

  it('takes host tags or syscall fields from an unfamiliar source', () => {
    expect(classifyBoundary(event({ source: 'ebpf-agent', tags: ['container'] }))).toBe('host');
    const fields = { 'proc.name': 'bash', 'container.id': '3ad7b26ded6d' };
    expect(classifyBoundary(event({ source: 'ebpf-agent', fields }))).toBe('host');
  });
});

describe('classifyBoundary: unknown', () => {
  it('falcosidekick test event (source forced to internal)', () => {
    const test = event({
      source: 'internal',
      rule: 'Test rule',
      tags: ['example', 'test'],
      fields: { 'proc.name': 'falcosidekick', 'user.name': 'falcosidekick' },
    });
    expect(classifyBoundary(test)).toBe('unknown');
  });

  it('Falco internal events about the sensor itself', () => {
    const drops = event({
      source: 'internal',
      rule: 'Falco internal: syscall event drop',
      fields: { n_drops: 1200, n_drops_buffer_total: 1200 },
    });
    expect(classifyBoundary(drops)).toBe('unknown');
  });

  it.each(['nomad', 'kafka', 'dummy', ''])(
    'an unfamiliar source %j with no telling tags',
    (source) => {
      const fields = { 'nomad.event.topic': 'Job', 'evt.time': 1 };
      expect(
        classifyBoundary(event({ source, rule: 'Job registered', tags: ['nomad'], fields })),
      ).toBe('unknown');
    },
  );

  it('does not count placeholder values as evidence', () => {
    const fields = {
      'ka.user.name': '<NA>',
      'proc.name': 'N/A',
      'container.id': '',
      'fd.rip': null,
    };
    expect(classifyBoundary(event({ source: 'custom', fields }))).toBe('unknown');
  });
});

describe('classifyBoundary: purity', () => {
  it('neither mutates its input nor depends on anything else', () => {
    const input = Object.freeze(
      event({ rule: 'Write below etc', tags: Object.freeze(['host']), fields: Object.freeze({}) }),
    );
    expect(classifyBoundary(input)).toBe(classifyBoundary(input));
  });
});

describe('sourceFamily', () => {
  it.each([
    ['k8s_audit', 'kubernetes-audit'],
    ['k8saudit-ovh', 'kubernetes-audit'],
    ['aws_cloudtrail', 'api-audit'],
    ['GCP_AUDITLOG', 'api-audit'],
    ['syscall', 'host'],
    ['internal', 'internal'],
    ['dnscollector', 'network'],
    ['k8s_auditor', 'other'],
    ['tetragon', 'other'],
  ])('%s → %s', (source, family) => {
    expect(sourceFamily(source)).toBe(family);
  });
});

/* ------------------------------------------------------------------------------------------- */
/* The real Falco rules: /work/shared sits beside the repository root, in CI as locally.        */

interface CorpusRule {
  file: string;
  rule: string;
  source: string;
  tags: string[];
  /** Every field the rule's output prints, unresolved: classification must not need values. */
  fields: Record<string, null>;
}

const CORPUS = new URL('../../../../../shared/corpus/falco-rules/', import.meta.url);
const AUDIT_SOURCES = new Set(['k8s_audit', 'aws_cloudtrail', 'gcp_auditlog', 'okta', 'github']);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function outputFields(output: unknown): Record<string, null> {
  const text = typeof output === 'string' ? output : '';
  return Object.fromEntries(
    [...text.matchAll(/%([\w.]+(?:\[[^\]]*\])?)/g)].map((m) => [m[1], null]),
  );
}

/** Items with a `rule:` key; those without a condition only override a rule defined elsewhere. */
function loadCorpus(): { files: string[]; rules: CorpusRule[]; overrides: string[] } {
  const rules: CorpusRule[] = [];
  const overrides: string[] = [];
  const files = readdirSync(CORPUS).filter((name) => name.endsWith('.yaml'));
  for (const file of files.sort()) {
    const items: unknown = parse(readFileSync(new URL(file, CORPUS), 'utf8'));
    if (!Array.isArray(items)) throw new Error(`${file}: not a list of rule items`);
    for (const item of items) {
      if (!isRecord(item) || typeof item['rule'] !== 'string') continue;
      if (item['condition'] === undefined) {
        overrides.push(item['rule']);
        continue;
      }
      rules.push({
        file,
        rule: item['rule'],
        source: typeof item['source'] === 'string' ? item['source'] : 'syscall',
        tags: Array.isArray(item['tags']) ? item['tags'].map(String) : [],
        fields: outputFields(item['output']),
      });
    }
  }
  return { files, rules, overrides };
}

describe('classifyBoundary over the Falco rules corpus', () => {
  const { files, rules, overrides } = loadCorpus();
  const classify = (r: CorpusRule) => classifyBoundary(r);
  const failures = (select: (r: CorpusRule) => boolean, expected: (r: CorpusRule) => boolean) =>
    rules
      .filter((r) => select(r) && !expected(r))
      .map((r) => `${r.file}: ${r.rule} → ${classify(r)}`);
  const syscall = (r: CorpusRule) => r.source === 'syscall';
  const tagged = (tag: string) => (r: CorpusRule) => r.tags.includes(tag);

  it('loads every rule file', () => {
    expect(files).toHaveLength(9);
    expect(rules.length).toBeGreaterThan(200);
    expect(new Set(rules.map((r) => r.source))).toEqual(new Set([...AUDIT_SOURCES, 'syscall']));
  });

  it('only overrides rules it also defines', () => {
    const defined = new Set(rules.map((r) => r.rule));
    expect(overrides.filter((name) => !defined.has(name))).toEqual([]);
  });

  it('knows every source in the corpus', () => {
    expect(rules.filter((r) => sourceFamily(r.source) === 'other').map((r) => r.source)).toEqual(
      [],
    );
  });

  it('puts every Kubernetes, cloud and identity audit rule on the control plane', () => {
    expect(
      failures(
        (r) => AUDIT_SOURCES.has(r.source),
        (r) => classify(r) === 'control-plane',
      ),
    ).toEqual([]);
  });

  it('puts every syscall rule tagged network on the network', () => {
    expect(
      failures(
        (r) => syscall(r) && tagged('network')(r),
        (r) => classify(r) === 'network',
      ),
    ).toEqual([]);
  });

  it('puts every other syscall rule on the host: names and MITRE tags add no false network', () => {
    expect(
      failures(
        (r) => syscall(r) && !tagged('network')(r),
        (r) => classify(r) === 'host',
      ),
    ).toEqual([]);
  });

  it('leaves no syscall rule unknown', () => {
    expect(failures(syscall, (r) => classify(r) !== 'unknown')).toEqual([]);
  });
});
