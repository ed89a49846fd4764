/** A hand-written Falco event like Falco's http_output sends (the generator in @aerie/bench makes many). */
export function falcoEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    time: '2026-05-01T10:00:00.123456789Z',
    rule: 'Read sensitive file untrusted',
    priority: 'Warning',
    source: 'syscall',
    hostname: 'node-1',
    tags: ['filesystem', 'host', 'mitre_credential_access'],
    output:
      '10:00:00.123456789: Warning Sensitive file opened for reading by non-trusted program (file=/etc/shadow proc.name=cat user=root)',
    output_fields: {
      'fd.name': '/etc/shadow',
      'proc.name': 'cat',
      'proc.pid': 4242,
      'user.name': 'root',
      'container.id': 'a1b2c3d4e5f6',
      'k8s.ns.name': 'payments',
      'k8s.pod.name': 'payments-api-7d9f8b6c5-x2k4q',
    },
    ...overrides,
  };
}
