import { describe, expect, it } from 'vitest';
import { PRIORITIES } from '@aerie/contracts';
import { outputsFromFalcosidekick } from '../../compat/falcosidekick.compat.js';
import { formSchema } from '../../form-schema.js';
import { OUTPUT_PLUGINS } from '../../registry.js';
import { corpusCases, GOLDEN_CONTEXT, type CorpusCase } from '../../test-support/corpus-events.js';
import { expectGolden } from '../../test-support/golden.js';
import {
  parseCef,
  parseLeef,
  parseRfc3164,
  parseRfc5424,
} from '../../test-support/syslog-parse.js';
import type { DeliverableEvent } from '../../output.js';
import { cefExtension, cefHeaderValue, cefExtensionValue, cefSeverity } from './cef.format.js';
import { cutBytes } from './fit.js';
import { cutJsonStrings } from './json-cut.js';
import { leefKey, leefSeverity, leefValue } from './leef.format.js';
import { escapeParamValue, paramName, SD_NAME } from './structured-data.js';
import { SyslogConfigSchema, type SyslogConfig } from './syslog.config.js';
import { syslogOutput } from './syslog.output.js';
import { rfc3164Timestamp, rfc5424Timestamp, syslogSeverity } from './syslog-header.js';

const cases = corpusCases();
const FORMATS = ['rfc5424', 'json', 'cef', 'leef'] as const;
const configFor = (settings: Partial<SyslogConfig> = {}): SyslogConfig =>
  SyslogConfigSchema.parse({ host: 'siem.example.com', ...settings });
const renderWith = (
  c: CorpusCase | DeliverableEvent,
  settings: Partial<SyslogConfig> = {},
): string => {
  const event = 'event' in c && 'name' in c ? c.event : c;
  const [message] = syslogOutput.render([event], configFor(settings), GOLDEN_CONTEXT);
  if (message === undefined) throw new Error('no message');
  return message;
};
const render = renderWith;
const byName = (name: string): CorpusCase => {
  const c = cases.find((x) => x.name === name);
  if (!c) throw new Error(`no corpus case ${name}`);
  return c;
};
/** A corpus event with some fields and its output replaced. */
function withFields(
  c: CorpusCase,
  fields: Record<string, string | number | null>,
  output?: string,
): DeliverableEvent {
  const event = {
    ...c.event.event,
    output: output ?? c.event.event.output,
    output_fields: { ...c.event.event.output_fields, ...fields },
  };
  const { raw: _raw, ...stored } = event;
  return { ...c.event, event, eventJson: JSON.stringify(stored) };
}

describe('syslog render over the Falco rules corpus', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s matches its golden file', (name, c) => {
    expectGolden(
      import.meta.url,
      name,
      Object.fromEntries(FORMATS.map((format) => [format, render(c, { format })])),
    );
  });

  it.each(cases.map((c) => [c.name, c] as const))(
    '%s parses back to the event in every format',
    (_name, c) => {
      const e = c.event.event;
      // Room for the huge field: cutting to fit is tested below.
      const render = (x: CorpusCase, s: Partial<SyslogConfig> = {}) =>
        renderWith(x, { maxMessageBytes: 1_048_576, ...s });
      const fiveFour = parseRfc5424(render(c));
      expect(fiveFour.pri).toBe(16 * 8 + syslogSeverity(e.priority));
      expect(fiveFour.hostname).toBe(e.hostname);
      expect(fiveFour.appName).toBe('falco');
      expect(fiveFour.msgId).toBe(e.source);
      expect(fiveFour.msg).toBe(e.output);
      expect(fiveFour.sd['falco@32473']).toMatchObject({
        id: e.id,
        rule: e.rule,
        priority: e.priority,
        source: e.source,
        time: e.time,
        tags: e.tags.join(','),
        url: GOLDEN_CONTEXT.eventUrl,
      });
      const fields = fiveFour.sd['falcoFields@32473'] ?? {};
      for (const [name, value] of Object.entries(e.output_fields)) {
        if (value === null || name === 'evt.time') continue;
        const param = paramName(name, new Set());
        expect(fields[param], name).toBe(typeof value === 'string' ? value : String(value));
      }

      const json = parseRfc5424(render(c, { format: 'json' }));
      expect(JSON.parse(json.msg ?? '')).toEqual(JSON.parse(c.event.eventJson));
      expect(json.sd['falco@32473']?.['rule']).toBe(e.rule);

      const cef = parseCef(parseRfc5424(render(c, { format: 'cef' })).msg ?? '');
      expect(cef).toMatchObject({
        version: '0',
        vendor: 'Falcosecurity',
        product: 'Falco',
        classId: e.rule,
        name: e.rule,
        severity: String(cefSeverity(e.priority)),
      });
      expect(cef.extension).toMatchObject({
        rt: String(Date.parse(e.time)),
        externalId: e.id,
        cat: e.source,
        msg: e.output,
        cs1Label: 'tags',
        cs1: e.tags.join(','),
        cs6Label: 'outputFields',
      });
      expect(JSON.parse(cef.extension['cs6'] ?? '')).toEqual(
        Object.fromEntries(Object.entries(e.output_fields).filter(([, v]) => v !== null)),
      );

      const leef = parseLeef(parseRfc5424(render(c, { format: 'leef' })).msg ?? '');
      expect(leef).toMatchObject({ vendor: 'Falcosecurity', eventId: e.rule, delimiter: '\t' });
      expect(leef.attributes).toMatchObject({
        sev: String(leefSeverity(e.priority)),
        cat: e.source,
        msg: e.output,
        id: e.id,
        eventUrl: GOLDEN_CONTEXT.eventUrl,
      });
    },
  );

  it('keeps the exact ns evt.time in every format (never a rounded double)', () => {
    const c = cases.find((x) => x.event.rawJson.includes('"evt.time":'));
    if (!c) throw new Error('no syscall case');
    for (const format of FORMATS) {
      const message = render(c, { format });
      expect(message, format).toContain('1777629600123456789');
      expect(message, format).not.toContain('1777629600123456800');
    }
    expect(parseRfc5424(render(c)).sd['falcoFields@32473']?.['evt.time']).toBe(
      '1777629600123456789',
    );
  });

  it('renders a batch with one message per event, each linking to its own event', () => {
    const events = cases.slice(0, 3).map((c) => c.event);
    const messages = syslogOutput.render(events, configFor(), GOLDEN_CONTEXT);
    expect(messages).toHaveLength(3);
    const urls = messages.map((m) => parseRfc5424(m).sd['falco@32473']?.['url']);
    expect(urls).toEqual([
      GOLDEN_CONTEXT.eventUrl,
      `https://aerie.example.com/events/${events[1]!.event.id}`,
      `https://aerie.example.com/events/${events[2]!.event.id}`,
    ]);
    // A link that does not end with the first event's id is left out rather than wrong.
    const odd = syslogOutput.render(events, configFor(), { ...GOLDEN_CONTEXT, eventUrl: '/x' });
    expect(odd.map((m) => parseRfc5424(m).sd['falco@32473']?.['url'])).toEqual([
      '/x',
      undefined,
      undefined,
    ]);
  });
});

describe('RFC 5424 structured data', () => {
  it('escapes ", \\ and ] in values (an unescaped ] ends the element for syslog-ng)', () => {
    expect(escapeParamValue('a"b\\c]d[e=f')).toBe('a\\"b\\\\c\\]d[e=f');
    const c = withFields(byName('brackets'), { 'proc.cmdline': 'sh -c "echo ]" \\ [x]' });
    const sd = parseRfc5424(render(c)).sd['falcoFields@32473'];
    expect(sd?.['proc.cmdline']).toBe('sh -c "echo ]" \\ [x]');
  });

  it('makes every Falco field name a valid PARAM-NAME, distinct from the others', () => {
    const used = new Set<string>();
    const names = [
      'proc.name',
      'proc.aname[2]',
      'jevt.value[/user/username]',
      'okta.mfa.failure.countlast[300]',
      'k8s.pod.label[app.kubernetes.io/name]',
      'k8s.pod.label[app.kubernetes.io/instance]',
      'odd name="x"',
      'ünïcode',
    ].map((n) => {
      const name = paramName(n, used);
      used.add(name);
      return name;
    });
    expect(names.slice(0, 4)).toEqual([
      'proc.name',
      'proc.aname(2)',
      'jevt.value(/user/username)',
      'okta.mfa.failure.countlast(300)',
    ]);
    expect(names[4]).toMatch(/^k8s\.pod\.label\(app\.kuber~[0-9a-f]{8}$/);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(SD_NAME);
    // Two fields that map to one name stay apart.
    expect(paramName('a]', new Set(['a)']))).toMatch(/^a\)~[0-9a-f]{8}$/);
  });

  it('uses the configured enterprise number in both SD-IDs', () => {
    const sd = parseRfc5424(render(cases[0]!, { enterpriseNumber: '54321.1' })).sd;
    expect(Object.keys(sd)).toEqual(['falco@54321.1', 'falcoFields@54321.1']);
  });
});

describe('syslog header', () => {
  it('maps every Falco priority to the syslog severity of the same name, and the facility into PRI', () => {
    expect(PRIORITIES.map((p) => syslogSeverity(p))).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const c = byName('brackets'); // Notice
    expect(parseRfc5424(render(c, { facility: 'kern' })).pri).toBe(5);
    expect(parseRfc5424(render(c, { facility: 'auth' })).pri).toBe(4 * 8 + 5);
    expect(parseRfc5424(render(c, { facility: 'local7' })).pri).toBe(23 * 8 + 5);
  });

  it('writes Falco ns times with 6 fractional digits, keeping the offset', () => {
    expect(rfc5424Timestamp('2026-05-01T10:00:00.123456789Z')).toBe('2026-05-01T10:00:00.123456Z');
    expect(rfc5424Timestamp('2026-05-01t10:00:00.1+02:00')).toBe('2026-05-01T10:00:00.1+02:00');
    expect(rfc5424Timestamp('2026-05-01T10:00:00Z')).toBe('2026-05-01T10:00:00Z');
    expect(rfc5424Timestamp('not a time')).toBe('-');
    const fallback = new Date('2026-12-24T01:02:03Z');
    expect(rfc3164Timestamp('2026-05-01T10:00:00.123456789Z', fallback)).toBe('May  1 10:00:00');
    expect(rfc3164Timestamp('2026-05-01T10:00:00.5+02:00', fallback)).toBe('May  1 08:00:00');
    expect(rfc3164Timestamp('nonsense', fallback)).toBe('Dec 24 01:02:03');
  });

  it('replaces what a header field cannot hold, and takes a configured hostname', () => {
    const c = cases[0]!;
    const odd = { ...c.event, event: { ...c.event.event, hostname: 'node 1\tü', source: '' } };
    const message = parseRfc5424(render(odd));
    expect(message.hostname).toBe('node_1__');
    expect(message.msgId).toBe('-');
    expect(parseRfc5424(render(c, { hostname: 'aerie-1' })).hostname).toBe('aerie-1');
    const none = { ...c.event, event: { ...c.event.event, hostname: null } };
    expect(parseRfc5424(render(none)).hostname).toBe('-');
  });

  it('writes a BSD (RFC 3164) header for JSON, CEF and LEEF when asked', () => {
    const c = byName('unicode');
    for (const format of ['json', 'cef', 'leef'] as const) {
      const message = parseRfc3164(render(c, { format, header: 'rfc3164', appName: 'Falco' }));
      expect(message).toMatchObject({
        pri: 16 * 8 + syslogSeverity(c.event.event.priority),
        timestamp: 'May  1 10:00:00',
        hostname: c.event.event.hostname,
        tag: 'Falco',
      });
      expect(message.msg.startsWith(format === 'json' ? '{' : format.toUpperCase())).toBe(true);
    }
    expect(JSON.parse(parseRfc3164(render(c, { format: 'json', header: 'rfc3164' })).msg)).toEqual(
      JSON.parse(c.event.eventJson),
    );
  });
});

describe('CEF', () => {
  it('escapes like syslog-ng 3.38 format-cef-extension (NOTES.md §6)', () => {
    // syslog-ng printed: filePath=C:\\Windows\\cmd.exe msg=eq\=sign a|pipe back\\slash line1\nline2 end src=10.0.0.5 suser=root
    expect(
      cefExtension([
        ['filePath', 'C:\\Windows\\cmd.exe'],
        ['msg', 'eq=sign a|pipe back\\slash line1\nline2 end'],
        ['src', '10.0.0.5'],
        ['suser', 'root'],
      ]),
    ).toBe(
      'filePath=C:\\\\Windows\\\\cmd.exe msg=eq\\=sign a|pipe back\\\\slash line1\\nline2 end src=10.0.0.5 suser=root',
    );
    expect(cefExtensionValue('a\r\nb')).toBe('a\\r\\nb');
  });

  it('escapes | and \\ in header fields, which cannot hold line breaks', () => {
    expect(cefHeaderValue('Rule a|b \\ c\nd')).toBe('Rule a\\|b \\\\ c d');
    const c = byName('brackets');
    const odd = { ...c.event, event: { ...c.event.event, rule: 'Pipe | back\\slash = rule' } };
    const cef = parseCef(parseRfc5424(render(odd, { format: 'cef' })).msg ?? '');
    expect(cef.name).toBe('Pipe | back\\slash = rule');
    expect(cef.classId).toBe('Pipe | back\\slash = rule');
  });

  it('maps every Falco priority to the CEF severity Falcosidekick used', () => {
    expect(Object.fromEntries(PRIORITIES.map((p) => [p, cefSeverity(p)]))).toEqual({
      Emergency: 10,
      Alert: 9,
      Critical: 8,
      Error: 7,
      Warning: 6,
      Notice: 4,
      Informational: 3,
      Debug: 0,
    });
  });

  it('keeps = \\ and line breaks in values readable back exactly', () => {
    const tricky = 'a=b \\n c\\=d x=1\nsecond line\r\n|pipe';
    const c = withFields(byName('brackets'), { 'proc.cmdline': tricky }, tricky);
    const cef = parseCef(parseRfc5424(render(c, { format: 'cef' })).msg ?? '');
    expect(cef.extension['msg']).toBe(tricky);
    expect(JSON.parse(cef.extension['cs6'] ?? '{}')['proc.cmdline']).toBe(tricky);
  });
});

describe('LEEF 2.0', () => {
  it('escapes \\, tab and line breaks in values; = needs nothing', () => {
    expect(leefValue('a\tb\nc\rd\\e=f|g')).toBe('a\\tb\\nc\\rd\\\\e=f|g');
    const tricky = 'col1\tcol2\nline=2 \\ end';
    const c = withFields(byName('brackets'), { 'proc.cmdline': tricky }, tricky);
    const leef = parseLeef(parseRfc5424(render(c, { format: 'leef' })).msg ?? '');
    expect(leef.attributes['msg']).toBe(tricky);
    expect(leef.attributes['proc.cmdline']).toBe(tricky);
  });

  it('makes field names keys that key=value parsers take, each once', () => {
    const used = new Set(['msg']);
    expect(leefKey('proc.aname[2]', used)).toBe('proc.aname_2');
    expect(leefKey('jevt.value[/user/username]', used)).toBe('jevt.value__user_username');
    expect(leefKey('msg', used)).toBe('msg_2');
    const leef = parseLeef(parseRfc5424(render(byName('brackets'), { format: 'leef' })).msg ?? '');
    expect(leef.attributes).toMatchObject({
      'proc.aname_2': 'containerd-shim',
      'okta.mfa.failure.countlast_300': '7',
      devTime: '2026-05-01T10:00:00.123Z',
      devTimeFormat: "yyyy-MM-dd'T'HH:mm:ss.SSSX",
    });
  });

  it('maps every Falco priority to a LEEF sev of 1–10', () => {
    expect(PRIORITIES.map((p) => leefSeverity(p))).toEqual([10, 9, 8, 7, 6, 4, 3, 1]);
  });
});

describe('message size', () => {
  it.each(FORMATS)(
    'cuts free text so a %s message fits maxMessageBytes, and it still parses',
    (format) => {
      const huge = byName('huge-field');
      const full = render(huge, { format, maxMessageBytes: 1_048_576 });
      expect(full).toContain('x'.repeat(20_000));
      for (const max of [8192, 4096, 2048]) {
        const message = render(huge, { format, maxMessageBytes: max });
        expect(Buffer.byteLength(message), `${format} ${max}`).toBeLessThanOrEqual(max);
        const parsed = parseRfc5424(message);
        expect(parsed.sd['falco@32473']?.['id'] ?? huge.event.event.id).toBe(huge.event.event.id);
        if (format === 'json') expect(JSON.parse(parsed.msg ?? '').id).toBe(huge.event.event.id);
        if (format === 'cef')
          expect(parseCef(parsed.msg ?? '').extension['externalId']).toBe(huge.event.event.id);
        if (format === 'leef')
          expect(parseLeef(parsed.msg ?? '').attributes['id']).toBe(huge.event.event.id);
      }
      // The 8 KiB default keeps the big value as long as it can.
      const fitted = render(huge, { format });
      expect(Buffer.byteLength(fitted)).toBeGreaterThan(7000);
      expect(fitted).toContain('…');
    },
  );

  it.each(FORMATS)('leaves out the output fields of %s when even cut they cannot fit', (format) => {
    const many = Object.fromEntries(
      Array.from({ length: 400 }, (_, i) => [`custom.field.number.${i}`, `value ${i}`]),
    );
    const c = withFields(byName('unicode'), many);
    const message = render(c, { format, maxMessageBytes: 2048 });
    expect(Buffer.byteLength(message)).toBeLessThanOrEqual(2048);
    const parsed = parseRfc5424(message);
    expect(message).not.toContain('custom.field.number');
    if (format === 'rfc5424') expect(parsed.sd['falco@32473']?.['id']).toBe(c.event.id);
    if (format === 'json')
      expect(JSON.parse(parsed.msg ?? '')).toMatchObject({ id: c.event.id, output_fields: {} });
    if (format === 'cef')
      expect(parseCef(parsed.msg ?? '').extension['externalId']).toBe(c.event.id);
    if (format === 'leef') expect(parseLeef(parsed.msg ?? '').attributes['id']).toBe(c.event.id);
  });

  it('cuts only string values of a JSON text, keeping it valid and numbers exact', () => {
    const json =
      '{"a":"' +
      'y'.repeat(50) +
      '","n":1777629600123456789,"k' +
      'z'.repeat(40) +
      '":"short","q":"say \\"hi\\" ' +
      'w'.repeat(30) +
      '"}';
    const cutText = cutJsonStrings(json, 20);
    const parsed = JSON.parse(cutText) as Record<string, string>;
    expect(parsed['a']).toBe(`${'y'.repeat(19)}…`);
    expect(cutText).toContain('"n":1777629600123456789');
    expect(parsed[`k${'z'.repeat(40)}`]).toBe('short');
    expect(parsed['q']).toBe('say "hi" wwwwwwwwww…');
  });

  it('cuts a message at a character boundary as the last resort', () => {
    expect(cutBytes('aé💥b', 4)).toBe('aé');
    expect(cutBytes('aé💥b', 7)).toBe('aé💥');
  });
});

describe('framing', () => {
  it('turns line breaks into spaces only with LF framing, where they would end the message', () => {
    const text = 'first line\nsecond line\r\nthird';
    const c = withFields(byName('brackets'), { 'proc.cmdline': text }, text);
    const octet = parseRfc5424(render(c));
    expect(octet.msg).toBe(text);
    expect(octet.sd['falcoFields@32473']?.['proc.cmdline']).toBe(text);
    const udp = parseRfc5424(render(c, { protocol: 'udp' }));
    expect(udp.msg).toBe(text);
    const lf = render(c, { framing: 'lf' });
    expect(lf).not.toMatch(/[\r\n]/);
    expect(parseRfc5424(lf).msg).toBe('first line second line third');
  });
});

describe('syslog settings', () => {
  it('sends TCP with octet counting to port 514 by default, TLS to 6514', () => {
    expect(syslogOutput.target(configFor())).toEqual({
      protocol: 'tcp',
      host: 'siem.example.com',
      port: 514,
      framing: 'octet-counting',
    });
    expect(syslogOutput.target(configFor({ protocol: 'tls' })).port).toBe(6514);
    expect(syslogOutput.target(configFor({ protocol: 'udp', port: 10514 })).port).toBe(10514);
    expect(configFor()).toMatchObject({
      format: 'rfc5424',
      header: 'rfc5424',
      facility: 'local0',
      appName: 'falco',
      enterpriseNumber: '32473',
      maxMessageBytes: 8192,
    });
  });

  it.each([
    ['a host with a space', { host: 'siem example' }, 'host'],
    ['a URL as host', { host: 'tcp://siem:514' }, 'host'],
    ['port 0', { port: 0 }, 'port'],
    ['an unknown protocol', { protocol: 'tcp+tls' }, 'protocol'],
    ['an app name with a space', { appName: 'my app' }, 'appName'],
    ['an app name of 49 characters', { appName: 'a'.repeat(49) }, 'appName'],
    ['an enterprise number with letters', { enterpriseNumber: 'acme' }, 'enterpriseNumber'],
    ['a BSD header for structured data', { header: 'rfc3164' }, 'header'],
    [
      'a UDP message beyond one datagram',
      { protocol: 'udp', maxMessageBytes: 70_000 },
      'maxMessageBytes',
    ],
    ['messages shorter than 2048 bytes', { maxMessageBytes: 480 }, 'maxMessageBytes'],
    ['an unknown facility', { facility: 'local8' }, 'facility'],
  ])('refuses %s', (_name, settings, path) => {
    const result = SyslogConfigSchema.safeParse({ host: 'siem.example.com', ...settings });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain(path);
  });

  it('is registered, describes every setting for the dashboard form, and has no secrets', () => {
    expect(OUTPUT_PLUGINS.get('syslog')).toBe(syslogOutput);
    const schema = formSchema(syslogOutput.configSchema, syslogOutput.secretFields);
    const properties = schema['properties'] as Record<string, { description?: string }>;
    expect(Object.keys(properties).sort()).toEqual(
      [
        'appName',
        'enterpriseNumber',
        'facility',
        'format',
        'framing',
        'header',
        'host',
        'hostname',
        'maxMessageBytes',
        'port',
        'protocol',
      ].sort(),
    );
    for (const [name, p] of Object.entries(properties)) expect(p.description, name).toBeTruthy();
    expect(schema['required']).toEqual(['host']);
    expect(syslogOutput.secretFields).toEqual([]);
  });
});

describe('Falcosidekick syslog settings', () => {
  it('imports SYSLOG_* as Falcosidekick sent them: BSD header, LF, tag Falco, facility kern', () => {
    const { outputs, warnings } = outputsFromFalcosidekick(
      {
        env: {
          SYSLOG_HOST: 'wazuh.example.com',
          SYSLOG_PORT: '1514',
          SYSLOG_PROTOCOL: 'UDP',
          SYSLOG_FORMAT: 'cef',
          SYSLOG_MINIMUMPRIORITY: 'warning',
        },
      },
      { plugins: OUTPUT_PLUGINS },
    );
    expect(outputs).toEqual([
      {
        type: 'syslog',
        name: 'syslog',
        config: {
          host: 'wazuh.example.com',
          port: 1514,
          protocol: 'udp',
          format: 'cef',
          header: 'rfc3164',
          framing: 'lf',
          appName: 'Falco',
          facility: 'kern',
        },
        route: { min_priority: 'warning' },
      },
    ]);
    expect(warnings).toEqual([
      expect.stringContaining('syslog.format (SYSLOG_FORMAT) cef: Aerie escapes CEF values'),
    ]);
    const config = SyslogConfigSchema.parse(outputs[0]?.config);
    const message = parseRfc3164(
      syslogOutput.render([cases[0]!.event], config, GOLDEN_CONTEXT)[0] ?? '',
    );
    expect(message.pri).toBe(syslogSeverity(cases[0]!.event.event.priority));
    expect(message.tag).toBe('Falco');
    expect(parseCef(message.msg).vendor).toBe('Falcosecurity');
  });

  it('defaults to JSON, and imports with tcp what Falcosidekick would not start', () => {
    const yaml = { syslog: { host: '10.0.0.9', port: 'five-one-four' } };
    const { outputs, warnings } = outputsFromFalcosidekick(
      { configYaml: yaml },
      { plugins: OUTPUT_PLUGINS },
    );
    expect(outputs[0]?.config).toEqual({
      host: '10.0.0.9',
      protocol: 'tcp',
      format: 'json',
      header: 'rfc3164',
      framing: 'lf',
      appName: 'Falco',
      facility: 'kern',
    });
    expect(warnings).toEqual([
      'syslog.port (SYSLOG_PORT) is not a port number; left out (514 applies)',
      'syslog.protocol (SYSLOG_PROTOCOL) is not set, so Falcosidekick did not start this output; imported with tcp',
    ]);
  });
});
