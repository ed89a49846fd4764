/**
 * System test against the real rsyslog and syslog-ng from Debian (`.ci/run` installs them; see
 * test-support/syslog-daemons.ts). Runs with `npm run test:system`, not `npm test`. The corpus is
 * rendered by the plugin, framed and sent over UDP, TCP and TLS as the delivery engine sends it,
 * and what each daemon parsed and wrote must give back the fields of every event:
 * rsyslog's mmpstrucdata and liblognorm's CEF parser, syslog-ng's RFC 5424 parser, its
 * kv-parser for LEEF and its own CEF formatter as an oracle for Aerie's escaping.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonValue } from '@aerie/contracts';
import { corpusCases, GOLDEN_CONTEXT, type CorpusCase } from '../../test-support/corpus-events.js';
import {
  sendSyslog,
  startRsyslog,
  startSyslogNg,
  type SyslogDaemon,
  type Transport,
} from '../../test-support/syslog-daemons.js';
import {
  parseCef,
  parseLeef,
  parseRfc3164,
  parseRfc5424,
  unescapeLeefValue,
} from '../../test-support/syslog-parse.js';
import type { DeliverableEvent } from '../../output.js';
import { cefExtension, cefSeverity } from './cef.format.js';
import { leefSeverity } from './leef.format.js';
import { paramName } from './structured-data.js';
import { SyslogConfigSchema, type SyslogConfig } from './syslog.config.js';
import { syslogOutput } from './syslog.output.js';
import { syslogSeverity } from './syslog-header.js';

const cases = corpusCases();
const EVENT_ID = 'falco@32473';
const FIELDS_ID = 'falcoFields@32473';
/** Room for the huge field in one datagram; cutting to 8 KiB is tested on its own. */
const ROOMY = 60_000;

let rsyslog: SyslogDaemon;
let syslogNg: Awaited<ReturnType<typeof startSyslogNg>>;
beforeAll(async () => {
  [rsyslog, syslogNg] = await Promise.all([startRsyslog(), startSyslogNg()]);
}, 30_000);
afterAll(async () => {
  await Promise.all([rsyslog?.stop(), syslogNg?.stop()]);
});

/** Each test sends under its own APP-NAME, so its records are told apart from the others'. */
function configFor(appName: string, settings: Partial<SyslogConfig> = {}): SyslogConfig {
  return SyslogConfigSchema.parse({
    host: '127.0.0.1',
    appName,
    maxMessageBytes: ROOMY,
    ...settings,
  });
}

function renderCorpus(
  config: SyslogConfig,
  events: readonly DeliverableEvent[] = cases.map((c) => c.event),
) {
  return syslogOutput.render(events, config, GOLDEN_CONTEXT);
}

const linkOf = (index: number) =>
  index === 0
    ? GOLDEN_CONTEXT.eventUrl
    : `https://aerie.example.com/events/${cases[index]!.event.event.id}`;

/** The structured data an event must come back as, from its stored fields. */
function expectedSd(c: CorpusCase, index: number): Record<string, Record<string, string>> {
  const e = c.event.event;
  const facts: Record<string, string | null> = {
    id: e.id,
    rule: e.rule,
    priority: e.priority,
    source: e.source,
    time: e.time,
    hostname: e.hostname,
    tags: e.tags.length > 0 ? e.tags.join(',') : null,
    cluster: e.cluster,
    namespace: e.namespace,
    workload: e.workload,
    pod: e.pod,
    image: e.container_image,
    boundary: e.boundary,
    fingerprint: e.fingerprint,
    group: e.group_id,
    url: linkOf(index),
  };
  const fields: Record<string, string> = {};
  const used = new Set<string>();
  for (const [name, value] of Object.entries(e.output_fields)) {
    if (value === null) continue;
    const param = paramName(name, used);
    used.add(param);
    fields[param] = fieldText(name, value, c);
  }
  const sd: Record<string, Record<string, string>> = {
    [EVENT_ID]: Object.fromEntries(
      Object.entries(facts).filter((f): f is [string, string] => f[1] !== null && f[1] !== ''),
    ),
  };
  if (Object.keys(fields).length > 0) sd[FIELDS_ID] = fields;
  return sd;
}

/** A field as text; `evt.time` exactly as Falco sent it (beyond 2^53). */
function fieldText(name: string, value: JsonValue, c: CorpusCase): string {
  if (typeof value === 'string') return value;
  if (name === 'evt.time') {
    return /"evt\.time":(\d+)/.exec(c.event.rawJson)?.[1] ?? String(value);
  }
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

const caseIndex = (id: unknown) => cases.findIndex((c) => c.event.event.id === id);

describe('syslog output against the real rsyslog', () => {
  it.each<Transport>(['udp', 'tcp', 'tls'])(
    'RFC 5424 over %s: header, structured data and message come back for every corpus event',
    async (transport) => {
      const appName = `r5424-${transport}`;
      const config = configFor(appName, { protocol: transport });
      const messages = renderCorpus(config);
      await sendSyslog(transport, rsyslog.ports[transport], messages, { ca: rsyslog.ca });
      const records = await rsyslog.waitFor((r) => r['appName'] === appName, cases.length);
      expect(records).toHaveLength(cases.length);
      for (const record of records) {
        const parsed = JSON.parse(record['parsed'] as string) as {
          'rfc5424-sd': Record<string, Record<string, string>>;
        };
        const i = caseIndex(parsed['rfc5424-sd'][EVENT_ID]?.['id']);
        const c = cases[i]!;
        const e = c.event.event;
        const sent = parseRfc5424(messages[i]!);
        expect(parsed['rfc5424-sd'], c.name).toEqual(expectedSd(c, i));
        expect(record, c.name).toMatchObject({
          input: transport === 'udp' ? 'imudp' : 'imtcp',
          facility: '16',
          severity: String(syslogSeverity(e.priority)),
          timestamp: sent.timestamp,
          hostname: e.hostname,
          procId: '-',
          msgId: e.source,
          msg: e.output,
        });
      }
    },
  );

  it('JSON, CEF and LEEF over TCP: rsyslog stores each, and liblognorm reads the CEF back', async () => {
    const sent = {
      json: renderCorpus(configFor('r-json', { format: 'json' })),
      cef: renderCorpus(configFor('r-cef', { format: 'cef' })),
      leef: renderCorpus(configFor('r-leef', { format: 'leef' })),
    };
    await sendSyslog('tcp', rsyslog.ports.tcp, [...sent.json, ...sent.cef, ...sent.leef]);
    const json = await rsyslog.waitFor((r) => r['appName'] === 'r-json', cases.length);
    const byId = new Map(cases.map((c) => [c.event.event.id, c]));
    for (const record of json) {
      const body = JSON.parse(record['msg'] as string) as { id: string };
      const c = byId.get(body.id)!;
      expect(body).toEqual(JSON.parse(c.event.eventJson));
      if (c.event.rawJson.includes('"evt.time"')) {
        expect(record['msg']).toContain('"evt.time":1777629600123456789');
      }
    }

    const cef = await rsyslog.waitFor((r) => r['appName'] === 'r-cef', cases.length);
    for (const record of cef) {
      const ours = parseCef(record['msg'] as string);
      const c = byId.get(ours.extension['externalId']!)!;
      const e = c.event.event;
      expect(sent.cef.map((m) => parseRfc5424(m).msg)).toContain(record['msg']);
      const { cef: read } = JSON.parse(record['parsed'] as string) as {
        cef: { Extensions: Record<string, string> } & Record<string, unknown>;
      };
      expect(read, c.name).toEqual({
        DeviceVendor: 'Falcosecurity',
        DeviceProduct: 'Falco',
        DeviceVersion: '1.0',
        SignatureID: e.rule,
        Name: e.rule,
        Severity: String(cefSeverity(e.priority)),
        Extensions: ours.extension,
      });
      expect(read.Extensions, c.name).toMatchObject({
        rt: String(Date.parse(e.time)),
        externalId: e.id,
        cat: e.source,
        msg: e.output,
        cs1: e.tags.join(','),
      });
      expect(JSON.parse(read.Extensions['cs6']!)).toEqual(
        Object.fromEntries(Object.entries(e.output_fields).filter(([, v]) => v !== null)),
      );
    }

    const leef = await rsyslog.waitFor((r) => r['appName'] === 'r-leef', cases.length);
    for (const record of leef) {
      const read = parseLeef(record['msg'] as string);
      const c = byId.get(read.attributes['id']!)!;
      expect(read.attributes, c.name).toMatchObject({
        sev: String(leefSeverity(c.event.event.priority)),
        msg: c.event.event.output,
        rule: c.event.event.rule,
      });
    }
  });

  it("LF framing with the BSD header, as imported from Falcosidekick's settings", async () => {
    const config = configFor('Falco', {
      format: 'json',
      header: 'rfc3164',
      framing: 'lf',
      facility: 'kern',
    });
    const messages = renderCorpus(config);
    await sendSyslog('tcp', rsyslog.ports.tcp, messages, { framing: 'lf' });
    const records = await rsyslog.waitFor((r) => r['programName'] === 'Falco', cases.length);
    for (const record of records) {
      const body = JSON.parse((record['msg'] as string).trimStart()) as { id: string };
      const c = cases[caseIndex(body.id)]!;
      expect(body).toEqual(JSON.parse(c.event.eventJson));
      expect(record).toMatchObject({
        facility: '0',
        severity: String(syslogSeverity(c.event.event.priority)),
        hostname: c.event.event.hostname,
      });
    }
  });

  it('a line break in a value: kept with octet counting, a space with LF framing', async () => {
    const [c] = cases;
    const text = 'bash -c "echo one\necho two"';
    const event = {
      ...c!.event.event,
      output: `shell ran ${text}`,
      output_fields: { ...c!.event.event.output_fields, 'proc.cmdline': text },
    };
    const { raw: _raw, ...stored } = event;
    const item = { ...c!.event, event, eventJson: JSON.stringify(stored) };
    const octet = renderCorpus(configFor('r-nl-octet'), [item]);
    const lf = renderCorpus(configFor('r-nl-lf', { framing: 'lf' }), [item]);
    await sendSyslog('tcp', rsyslog.ports.tcp, octet);
    await sendSyslog('tcp', rsyslog.ports.tcp, lf, { framing: 'lf' });
    const [kept] = await rsyslog.waitFor((r) => r['appName'] === 'r-nl-octet', 1);
    const [flat] = await rsyslog.waitFor((r) => r['appName'] === 'r-nl-lf', 1);
    expect(kept?.['msg']).toBe(`shell ran ${text}`);
    const keptSd = JSON.parse(kept?.['parsed'] as string) as {
      'rfc5424-sd': Record<string, Record<string, string>>;
    };
    expect(keptSd['rfc5424-sd'][FIELDS_ID]?.['proc.cmdline']).toBe(text);
    expect(flat?.['msg']).toBe(`shell ran ${text.replace('\n', ' ')}`);
    expect(rsyslog.records().filter((r) => r['appName'] === 'r-nl-lf')).toHaveLength(1);
  });

  it('a message cut to the default 8 KiB arrives whole, as sent', async () => {
    const huge = cases.find((c) => c.name === 'huge-field')!;
    const [message] = renderCorpus(configFor('r-8k', { maxMessageBytes: 8192 }), [huge.event]);
    expect(Buffer.byteLength(message!)).toBeLessThanOrEqual(8192);
    await sendSyslog('udp', rsyslog.ports.udp, [message!]);
    const [record] = await rsyslog.waitFor((r) => r['appName'] === 'r-8k', 1);
    const sd = JSON.parse(record?.['parsed'] as string) as {
      'rfc5424-sd': Record<string, Record<string, string>>;
    };
    expect(sd['rfc5424-sd']).toEqual(parseRfc5424(message!).sd);
    expect(sd['rfc5424-sd'][FIELDS_ID]?.['proc.env']).toMatch(/^PATH=\/usr\/bin HUGE=x+…$/);
  });
});

/** The records syslog-ng made of messages it could not parse. */
const parseErrors = () =>
  syslogNg
    .records()
    .filter((r) => String(r['MESSAGE']).startsWith('Error processing log message'))
    .filter((r) => !String(r['MESSAGE']).includes('n-bad'));

/** `.SDATA.<SD-ID>.<name>` keys of a syslog-ng record, back into elements. */
function sdataOf(record: Record<string, unknown>): Record<string, Record<string, string>> {
  const sd: Record<string, Record<string, string>> = {};
  for (const [key, value] of Object.entries(record)) {
    const m = /^\.SDATA\.([^.]+)\.(.+)$/.exec(key);
    if (m) (sd[m[1]!] ??= {})[m[2]!] = value as string;
  }
  return sd;
}

describe('syslog output against the real syslog-ng (strict RFC 5424 parser)', () => {
  it.each<Transport>(['udp', 'tcp', 'tls'])(
    'RFC 5424 over %s: header, structured data and message come back for every corpus event',
    async (transport) => {
      const appName = `n5424-${transport}`;
      const config = configFor(appName, { protocol: transport });
      const messages = renderCorpus(config);
      await sendSyslog(transport, syslogNg.ports[transport], messages, { ca: syslogNg.ca });
      const records = await syslogNg.waitFor((r) => r['PROGRAM'] === appName, cases.length);
      expect(records).toHaveLength(cases.length);
      for (const record of records) {
        const sd = sdataOf(record);
        const i = caseIndex(sd[EVENT_ID]?.['id']);
        const c = cases[i]!;
        const e = c.event.event;
        expect(sd, c.name).toEqual(expectedSd(c, i));
        expect(record, c.name).toMatchObject({
          PRI: String(16 * 8 + syslogSeverity(e.priority)),
          FACILITY: 'local0',
          HOST: e.hostname,
          MSGID: e.source,
          MESSAGE: e.output,
          ISODATE: parseRfc5424(messages[i]!).timestamp.replace(/Z$/, '+00:00'),
        });
      }
      expect(parseErrors()).toEqual([]);
    },
  );

  it('refuses an unescaped ] in a value, so it would catch a renderer that sent one', async () => {
    await sendSyslog('tcp', syslogNg.ports.tcp, [
      '<134>1 2026-05-01T10:00:00Z host n-bad - - [x@32473 a="b]c"] unescaped',
      '<134>1 2026-05-01T10:00:00Z host n-good - - [x@32473 a="b\\]c"] escaped',
    ]);
    const [good] = await syslogNg.waitFor((r) => r['PROGRAM'] === 'n-good', 1);
    expect(sdataOf(good!)).toEqual({ 'x@32473': { a: 'b]c' } });
    expect(syslogNg.records().filter((r) => r['PROGRAM'] === 'n-bad')).toEqual([]);
    const [error] = await syslogNg.waitFor((r) => String(r['MESSAGE']).includes('n-bad'), 1);
    expect(error).toMatchObject({ PROGRAM: 'syslog-ng' });
    expect(error?.['MESSAGE']).toMatch(/^Error processing log message: /);
  });

  it('JSON and LEEF over TCP: the JSON parses back, LEEF splits on its tabs into the attributes', async () => {
    const json = renderCorpus(configFor('n-json', { format: 'json' }));
    const leef = renderCorpus(configFor('n-leef', { format: 'leef' }));
    await sendSyslog('tcp', syslogNg.ports.tcp, [...json, ...leef]);
    for (const record of await syslogNg.waitFor((r) => r['PROGRAM'] === 'n-json', cases.length)) {
      const body = JSON.parse(record['MESSAGE'] as string) as { id: string };
      expect(body).toEqual(JSON.parse(cases[caseIndex(body.id)]!.event.eventJson));
    }
    for (const record of await syslogNg.waitFor((r) => r['PROGRAM'] === 'n-leef', cases.length)) {
      // syslog-ng's columns, in order; the first one still holds the LEEF header.
      const columns = Object.entries(record)
        .filter(([k]) => /^\.leef\.\d+$/.test(k))
        .sort(([a], [b]) => Number(a.slice(6)) - Number(b.slice(6)))
        .map(([, v]) => v as string);
      const header =
        /^LEEF:2\.0\|(?:[^|\\]|\\.)*\|(?:[^|\\]|\\.)*\|(?:[^|\\]|\\.)*\|(?:[^|\\]|\\.)*\|x09\|/;
      expect(columns[0]).toMatch(header);
      columns[0] = columns[0]!.replace(header, '');
      const attributes = Object.fromEntries(
        columns.map((column) => {
          const eq = column.indexOf('=');
          return [column.slice(0, eq), unescapeLeefValue(column.slice(eq + 1))];
        }),
      );
      const ours = parseLeef(record['MESSAGE'] as string);
      expect(attributes).toEqual(ours.attributes);
      const c = cases[caseIndex(ours.attributes['id'])]!;
      const e = c.event.event;
      expect(attributes, c.name).toMatchObject({ msg: e.output, source: e.source, id: e.id });
      for (const [name, value] of Object.entries(e.output_fields)) {
        if (typeof value === 'string') expect(Object.values(attributes), name).toContain(value);
      }
    }
  });

  it("CEF over TLS is stored verbatim, and its extension is escaped exactly as syslog-ng's own CEF formatter escapes", async () => {
    const cef = renderCorpus(configFor('n-cef', { format: 'cef', protocol: 'tls' }));
    await sendSyslog('tls', syslogNg.ports.tls, cef, { ca: syslogNg.ca });
    const records = await syslogNg.waitFor((r) => r['PROGRAM'] === 'n-cef', cases.length);
    const extensions = records.map((r) => {
      expect(cef.map((m) => parseRfc5424(m).msg)).toContain(r['MESSAGE']);
      return parseCef(r['MESSAGE'] as string).extension;
    });
    // The same keys and values, handed to syslog-ng as structured data: it writes the extension.
    const sortedPairs = extensions.map((x) =>
      Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    );
    const oracleConfig = configFor('n-oracle');
    await sendSyslog(
      'tcp',
      syslogNg.ports.tcp,
      sortedPairs.map((pairs) => {
        const sd = pairs
          .map(([k, v]) => ` ${k}="${v.replace(/["\\\]]/g, (ch) => `\\${ch}`)}"`)
          .join('');
        return `<134>1 2026-05-01T10:00:00Z oracle ${oracleConfig.appName} - cef-oracle [cef@32473${sd}] -`;
      }),
    );
    const deadline = Date.now() + 10_000;
    while (syslogNg.oracle().length < cases.length && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(syslogNg.oracle().sort()).toEqual(
      sortedPairs.map((pairs) => cefExtension(pairs)).sort(),
    );
  });

  it('the BSD header with LF framing on a network() source (Wazuh-style)', async () => {
    const port = syslogNg.ports.bsd!;
    const config = configFor('Falco', { format: 'cef', header: 'rfc3164', framing: 'lf' });
    const messages = renderCorpus(config);
    await sendSyslog('tcp', port, messages, { framing: 'lf' });
    const records = await syslogNg.waitFor((r) => r['PROGRAM'] === 'Falco', cases.length);
    for (const record of records) {
      const ours = parseCef(record['MESSAGE'] as string);
      const i = caseIndex(ours.extension['externalId']);
      const e = cases[i]!.event.event;
      expect(parseRfc3164(messages[i]!).msg).toBe(record['MESSAGE']);
      expect(record).toMatchObject({
        HOST: e.hostname,
        PRI: String(16 * 8 + syslogSeverity(e.priority)),
      });
      expect(ours.extension['msg']).toBe(e.output);
    }
  });
});
