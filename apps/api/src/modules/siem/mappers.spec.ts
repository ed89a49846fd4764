import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { StoredEventSchema, type SiemFormat } from '@aerie/contracts';
import { apiFields, parseFalcoJson, stringifyLossless } from '@aerie/detectors';
import { formatter } from './siem-format.js';

/**
 * Golden tests of the ECS and OCSF mappings over events as ingest stores them (through the real
 * Falco parser). `UPDATE_GOLDEN=1` rewrites __golden__/ after a deliberate change; review the diff.
 * Golden files compare JSON values (a ns `evt.time` reads as a rounded double there); that the
 * text keeps every digit is asserted on its own.
 */
const UPDATING = process.env['UPDATE_GOLDEN'] === '1';
const EVT_TIME_NS = '1777629600123456789';

function expectGolden(name: string, value: unknown): void {
  const file = join(dirname(fileURLToPath(import.meta.url)), '__golden__', `${name}.json`);
  const text = `${JSON.stringify(value, null, 2)}\n`;
  if (UPDATING) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    return;
  }
  if (!existsSync(file)) throw new Error(`${file} is missing: run with UPDATE_GOLDEN=1`);
  expect(JSON.parse(text), `${name}.json (UPDATE_GOLDEN=1 rewrites it)`).toStrictEqual(
    JSON.parse(readFileSync(file, 'utf8')),
  );
}

/** A Falco alert as stored and as the API returns it (JSON text with exact numbers). */
function stored(seq: number, falco: Record<string, unknown>, rawNumbers = ''): string {
  const text = JSON.stringify(falco).replace('"evt.time":0', `"evt.time":${rawNumbers}`);
  const parsed = parseFalcoJson(rawNumbers ? text : JSON.stringify(falco), {
    receivedAt: new Date('2026-05-01T10:00:00.250Z'),
    defaultCluster: 'prod-eu-1',
    customFields: {},
    customTags: [],
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const e = parsed.event;
  const event = {
    id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    seq,
    received_at: '2026-05-01T10:00:00.250000Z',
    ...apiFields(e),
    group_id: '11111111-1111-4111-8111-111111111111',
  };
  return stringifyLossless(event, e.hasRawNumbers);
}

const CASES: Record<string, string> = {
  'sensitive-file': stored(
    1,
    {
      time: '2026-05-01T10:00:00.123456789Z',
      rule: 'Read sensitive file untrusted',
      priority: 'Warning',
      source: 'syscall',
      hostname: 'ip-10-0-10-40.eu-west-1.compute.internal',
      tags: ['T1555', 'container', 'filesystem', 'host', 'mitre_credential_access'],
      output:
        '10:00:00.123456789: Warning Sensitive file opened for reading by non-trusted program (file=/etc/shadow)',
      output_fields: {
        'container.id': '3f2a9c1b7d4e',
        'container.image.repository': 'ghcr.io/acme/payments-api',
        'container.image.tag': '2.14.1',
        'container.name': 'payments-api',
        'evt.time': 0,
        'fd.name': '/etc/shadow',
        'fd.type': 'file',
        'k8s.ns.name': 'payments',
        'k8s.pod.name': 'payments-api-7d9f8b6c5d-x2x7k',
        'proc.cmdline': 'cat /etc/shadow',
        'proc.exepath': '/usr/bin/cat',
        'proc.name': 'cat',
        'proc.pid': 4242,
        'proc.pname': 'bash',
        'proc.ppid': '4200',
        'user.name': 'root',
        'user.uid': 0,
      },
    },
    EVT_TIME_NS,
  ),
  'outbound-c2': stored(2, {
    time: '2026-05-01T10:00:01.5Z',
    rule: 'Outbound Connection to C2 Servers',
    priority: 'Critical',
    source: 'syscall',
    hostname: 'node-7',
    tags: ['T1071.001', 'host', 'mitre_command_and_control', 'network'],
    output: 'Outbound connection to C2 server (connection=10.0.3.7:51234->203.0.113.24:443)',
    output_fields: {
      'container.id': 'host',
      'fd.cip': '10.0.3.7',
      'fd.cport': 51234,
      'fd.lip': '10.0.3.7',
      'fd.lport': 51234,
      'fd.name': '10.0.3.7:51234->203.0.113.24:443',
      'fd.rip': '203.0.113.24',
      'fd.rport': 443,
      'fd.sip': '203.0.113.24',
      'fd.sport': '443',
      'fd.type': 'ipv4',
      'k8s.cluster.name': 'prod-us',
      'proc.name': 'curl',
      'proc.pid': '<NA>',
      'user.name': '<NA>',
    },
  }),
  'k8s-audit-exec': stored(3, {
    time: '2026-05-01T10:00:02Z',
    rule: 'Attach/Exec Pod',
    priority: 'Notice',
    source: 'k8saudit',
    tags: ['k8s'],
    output: 'Attach/Exec to pod (user=system:serviceaccount:ci:deployer pod=payments-api)',
    output_fields: {
      'ka.target.name': 'payments-api',
      'ka.target.namespace': 'payments',
      'ka.user.name': 'system:serviceaccount:ci:deployer',
    },
  }),
  'cloudtrail-minimal': stored(4, {
    time: '2026-05-01T10:00:03.000001+02:00',
    rule: 'Console Login Without MFA',
    priority: 'Emergency',
    source: 'aws_cloudtrail',
    output_fields: { 'ct.user': null },
  }),
};

describe.each(['ecs', 'ocsf'] as const)('%s mapping', (format: SiemFormat) => {
  const render = formatter(format);

  it.each(Object.keys(CASES))('%s matches its golden file', (name) => {
    const input = CASES[name]!;
    expect(StoredEventSchema.safeParse(JSON.parse(input)).success, 'a valid stored event').toBe(
      true,
    );
    expectGolden(`${format}-${name}`, JSON.parse(render(input)));
  });

  it('keeps numbers beyond 2^53 exact and Falco fields unchanged', () => {
    const text = render(CASES['sensitive-file']!);
    expect(text).toContain(`"evt.time":${EVT_TIME_NS}`);
    const doc = JSON.parse(text) as Record<string, Record<string, Record<string, unknown>>>;
    const fields =
      format === 'ecs' ? doc['falco']!['output_fields']! : doc['unmapped']!['output_fields']!;
    expect(Object.keys(fields).sort()).toEqual(
      Object.keys(
        (JSON.parse(CASES['sensitive-file']!) as { output_fields: object }).output_fields,
      ).sort(),
    );
  });
});

describe('OCSF Detection Finding', () => {
  const render = formatter('ocsf');
  it('has every attribute the schema requires, with consistent ids', () => {
    for (const input of Object.values(CASES)) {
      const f = JSON.parse(render(input)) as Record<string, unknown> & {
        metadata: { version: string; product: { name: string } };
        finding_info: { uid: string };
        class_uid: number;
        activity_id: number;
        type_uid: number;
        severity_id: number;
        time: number;
      };
      // Base event + Finding + Detection Finding required attributes (OCSF 1.3.0).
      for (const key of [
        'category_uid',
        'class_uid',
        'activity_id',
        'type_uid',
        'severity_id',
        'time',
      ])
        expect(typeof f[key], key).toBe('number');
      expect(f.class_uid).toBe(2004);
      expect(f.type_uid).toBe(f.class_uid * 100 + f.activity_id);
      expect(f.metadata.version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(f.metadata.product.name).toBe('Falco');
      expect(f.finding_info.uid).toBe((JSON.parse(input) as { id: string }).id);
      expect(Number.isInteger(f.time)).toBe(true);
    }
  });

  it('maps every Falco priority to a severity, worst first', () => {
    const ids = [
      'Emergency',
      'Alert',
      'Critical',
      'Error',
      'Warning',
      'Notice',
      'Informational',
      'Debug',
    ].map((priority) => {
      const input = JSON.parse(CASES['cloudtrail-minimal']!) as Record<string, unknown>;
      return (JSON.parse(render(JSON.stringify({ ...input, priority }))) as { severity_id: number })
        .severity_id;
    });
    expect(ids).toEqual([6, 5, 5, 4, 3, 2, 1, 1]);
  });
});
