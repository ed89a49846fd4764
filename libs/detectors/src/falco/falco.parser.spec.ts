import { describe, expect, it } from 'vitest';
import { stringifyLossless } from '../json/lossless-json.js';
import { parseFalcoJson, type IngestContext } from './falco.parser.js';

const ctx: IngestContext = {
  receivedAt: new Date('2026-05-01T10:00:01Z'),
  defaultCluster: null,
  customFields: {},
  customTags: [],
};

const base = {
  time: '2026-05-01T10:00:00.123456789Z',
  rule: 'Read sensitive file untrusted',
  priority: 'Warning',
  source: 'syscall',
  hostname: 'node-1',
  tags: ['filesystem', 'host'],
  output: '10:00:00.123456789: Warning Sensitive file opened (file=/etc/shadow)',
  output_fields: { 'fd.name': '/etc/shadow', 'proc.name': 'cat', 'k8s.ns.name': 'payments' },
};

function parse(event: unknown, c: IngestContext = ctx) {
  return parseFalcoJson(typeof event === 'string' ? event : JSON.stringify(event), c);
}
function issuesOf(event: unknown) {
  const r = parse(event);
  if (r.ok) throw new Error('expected a rejection');
  return r.issues;
}

describe('parseFalcoJson', () => {
  it('normalizes a Falco event and keeps the time as sent', () => {
    const r = parse(base);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.event.time).toBe('2026-05-01T10:00:00.123456789Z');
    expect(r.event.eventTime).toBe('2026-05-01T10:00:00.123456Z');
    expect(r.event.priority).toBe('Warning');
    expect(r.event.namespace).toBe('payments');
    expect(r.event.payload).not.toHaveProperty('output');
    expect(r.event.payload).not.toHaveProperty('output_fields');
    expect(r.event.payload['rule']).toBe(base.rule);
    expect(r.event.fingerprint).toMatch(/^[0-9a-f]{32}$/);
  });

  it.each([
    ['warning', 'Warning'],
    ['INFO', 'Informational'],
    ['info', 'Informational'],
    ['Informational', 'Informational'],
    ['EMERGENCY', 'Emergency'],
    ['debug', 'Debug'],
  ])('accepts priority %s as %s', (sent, expected) => {
    const r = parse({ ...base, priority: sent });
    expect(r.ok && r.event.priority).toBe(expected);
  });

  it('defaults the source to syscall and keeps unknown keys in the payload', () => {
    const { source: _s, ...noSource } = base;
    const r = parse({ ...noSource, uuid: 'x', cluster_hint: { a: [1, 2] } });
    if (!r.ok) throw new Error('rejected');
    expect(r.event.source).toBe('syscall');
    expect(r.event.payload['cluster_hint']).toEqual({ a: [1, 2] });
    expect(r.event.payload['uuid']).toBe('x');
  });

  it('keeps integers beyond 2^53 exact through to the stored JSON', () => {
    const text = JSON.stringify({
      ...base,
      output_fields: { ...base.output_fields, 'evt.time': 1 },
    }).replace('"evt.time":1', '"evt.time":1777629600123456789');
    const r = parse(text);
    if (!r.ok) throw new Error('rejected');
    expect(stringifyLossless(r.event.outputFields, r.event.hasRawNumbers)).toContain(
      '"evt.time":1777629600123456789',
    );
  });

  it('accepts every JSON value type in output_fields and bracketed keys', () => {
    const r = parse({
      ...base,
      output_fields: {
        'proc.aname[2]': 'bash',
        'proc.pid': 42,
        'x.b': true,
        'x.n': null,
        'x.a': ['a', 1],
      },
    });
    expect(r.ok).toBe(true);
  });

  it('keeps a __proto__ key in output_fields as data', () => {
    const r = parse(
      '{"time":"2026-05-01T10:00:00Z","rule":"r","priority":"info","output_fields":{"__proto__":{"x":1},"a":"b"}}',
    );
    if (!r.ok) throw new Error('rejected');
    expect(Object.keys(r.event.outputFields)).toEqual(['__proto__', 'a']);
    expect(stringifyLossless(r.event.outputFields, false)).toBe('{"__proto__":{"x":1},"a":"b"}');
  });

  it('stores UTF-8 text as sent', () => {
    const r = parse({
      ...base,
      rule: 'Règle 🚨 日本語',
      output_fields: { 'fd.name': '/tmp/ünïcödé 💥' },
    });
    if (!r.ok) throw new Error('rejected');
    expect(r.event.rule).toBe('Règle 🚨 日本語');
    expect(r.event.outputFields['fd.name']).toBe('/tmp/ünïcödé 💥');
  });

  it('adds custom fields without overwriting sent ones, and custom tags', () => {
    const r = parse(base, {
      ...ctx,
      customFields: { env: 'prod', 'proc.name': 'spoofed' },
      customTags: ['team-a', 'host'],
      defaultCluster: 'prod-eu',
    });
    if (!r.ok) throw new Error('rejected');
    expect(r.event.outputFields['env']).toBe('prod');
    expect(r.event.outputFields['proc.name']).toBe('cat');
    expect(r.event.addedFields).toEqual(['env']);
    expect(r.event.tags).toEqual(['filesystem', 'host', 'team-a']);
    expect(r.event.cluster).toBe('prod-eu');
  });

  it('lets a pinned cluster override what the event says', () => {
    const r = parse(
      { ...base, output_fields: { ...base.output_fields, 'k8s.cluster.name': 'claimed' } },
      { ...ctx, forceCluster: 'pinned' },
    );
    expect(r.ok && r.event.cluster).toBe('pinned');
  });

  describe('rejections name the field', () => {
    it.each([
      [{ ...base, priority: undefined }, 'priority', 'is required'],
      [{ ...base, priority: 'urgent' }, 'priority', 'must be one of'],
      [{ ...base, priority: 3 }, 'priority', 'must be a string'],
      [{ ...base, rule: '' }, 'rule', 'must not be empty'],
      [{ ...base, rule: '   ' }, 'rule', 'must not be empty'],
      [{ ...base, rule: 'x'.repeat(1025) }, 'rule', 'at most 1024'],
      [{ ...base, rule: '😀'.repeat(1000) }, 'rule', 'at most 2000 bytes'],
      [{ ...base, time: '0000-01-01T00:00:00Z' }, 'time', 'RFC 3339'],
      [{ ...base, time: undefined }, 'time', 'is required'],
      [{ ...base, time: '2026-13-01T10:00:00Z' }, 'time', 'RFC 3339'],
      [{ ...base, time: '2026-02-30T10:00:00Z' }, 'time', 'RFC 3339'],
      [{ ...base, time: 'yesterday' }, 'time', 'RFC 3339'],
      [{ ...base, output_fields: {} }, 'output_fields', 'at least one field'],
      [{ ...base, output_fields: undefined }, 'output_fields', 'is required'],
      [{ ...base, output_fields: [1] }, 'output_fields', 'must be an object'],
      [{ ...base, tags: 'a,b' }, 'tags', 'array of strings'],
      [{ ...base, tags: ['a', 2] }, 'tags[1]', 'must be a string'],
      [{ ...base, hostname: 12 }, 'hostname', 'must be a string'],
      [{ ...base, source: '' }, 'source', 'must not be empty'],
      [{ ...base, output: { a: 1 } }, 'output', 'must be a string'],
    ])('%#: %s → %s', (event, field, message) => {
      const issues = issuesOf(event);
      expect(issues).toContainEqual({ field, message: expect.stringContaining(message) });
    });

    it('rejects non-objects and bad JSON as the body', () => {
      expect(issuesOf('[1,2]')[0]?.field).toBe('(body)');
      expect(issuesOf('"x"')[0]?.field).toBe('(body)');
      expect(issuesOf('{"rule":')[0]?.message).toMatch(/not valid JSON/);
      expect(issuesOf('   ')[0]?.message).toMatch(/empty/);
    });

    it('rejects a big number where a string belongs', () => {
      const text = JSON.stringify(base).replace('"Warning"', '12345678901234567890');
      expect(issuesOf(text)).toContainEqual({ field: 'priority', message: 'must be a string' });
    });

    it('rejects U+0000 and lone surrogates, naming the field', () => {
      const nul = JSON.stringify({ ...base, output_fields: { 'fd.name': 'a\u0000b' } });
      expect(issuesOf(nul)).toContainEqual({
        field: 'output_fields["fd.name"]',
        message: expect.stringContaining('U+0000'),
      });
      const lone = JSON.stringify(base).replace('"cat"', '"\\ud800"');
      expect(issuesOf(lone)).toContainEqual({
        field: 'output_fields["proc.name"]',
        message: expect.stringContaining('surrogate'),
      });
    });

    it('rejects deep nesting without a stack overflow', () => {
      const deep = '['.repeat(100_000) + ']'.repeat(100_000);
      const text = JSON.stringify(base).replace('"cat"', deep);
      expect(issuesOf(text)[0]?.message).toMatch(/nested deeper than 32/);
    });
  });
});
