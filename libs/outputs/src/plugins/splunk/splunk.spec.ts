import { describe, expect, it } from 'vitest';
import { corpusCases, GOLDEN_CONTEXT } from '../../test-support/corpus-events.js';
import { expectGolden } from '../../test-support/golden.js';
import type { DeliverableEvent, HttpMessage } from '../../output.js';
import { memberText } from '../webhook/json-text.js';
import { ackUrlOf, channelOf, eventUrl, SplunkConfigSchema } from './splunk.config.js';
import { splunkOutput } from './splunk.output.js';
import { epochSecondsText } from './splunk.time.js';

const TOKEN = '8f14e45f-ceea-467a-9a4e-5e0c8c1a2b3d';
const config = SplunkConfigSchema.parse({
  url: 'https://splunk.example.com:8088/services/collector/event',
  token: TOKEN,
  index: 'falco',
});
const cases = corpusCases();
const render = (events: readonly DeliverableEvent[], c = config) =>
  splunkOutput.render(events, c, GOLDEN_CONTEXT);

/** The envelopes of a body: one JSON object a line (the corpus' JSON texts are single lines). */
function envelopes(message: HttpMessage): string[] {
  return message.body.split('\n');
}

/**
 * A golden file holds the request with each envelope parsed, so it reads and diffs well; `time`
 * is shown as its exact text (a JSON number on the wire, which parsing would round).
 */
function golden(message: HttpMessage): unknown {
  return {
    ...message,
    body: envelopes(message).map((e) => ({
      ...(JSON.parse(e) as object),
      time: memberText(e, 'time'),
    })),
  };
}

/**
 * HEC's envelope rules (NOTES.md §4), written apart from the renderer: `event` required, not
 * null or blank; `time` a number of epoch seconds; host, source, sourcetype, index strings.
 */
function envelopeViolations(text: string): string[] {
  const out: string[] = [];
  const e = JSON.parse(text) as Record<string, unknown>;
  if (!('event' in e) || e['event'] === null || e['event'] === '') out.push('event');
  if (e['time'] !== undefined && typeof e['time'] !== 'number') out.push('time');
  for (const k of ['host', 'source', 'sourcetype', 'index']) {
    if (e[k] !== undefined && typeof e[k] !== 'string') out.push(k);
  }
  const extra = Object.keys(e).filter(
    (k) => !['event', 'time', 'host', 'source', 'sourcetype', 'index', 'fields'].includes(k),
  );
  if (extra.length > 0) out.push(`unknown keys ${extra.join(',')}`);
  return out;
}

describe('splunk render over the Falco rules corpus', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s matches its golden file', (name, c) => {
    expectGolden(import.meta.url, name, golden(render([c.event])));
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s is a valid HEC envelope', (_n, c) => {
    const [text, ...more] = envelopes(render([c.event]));
    expect(more).toEqual([]);
    expect(envelopeViolations(text!)).toEqual([]);
    // The event is Aerie's JSON text byte for byte, not a re-serialized copy.
    expect(memberText(text!, 'event')).toBe(c.event.eventJson);
    expect(memberText(text!, 'time')).toBe('1777629600.123456789');
  });

  it('batches events as concatenated envelopes, in order, gzipped, with the token', () => {
    const message = render(cases.map((c) => c.event));
    expect(envelopes(message)).toEqual(cases.map((c) => envelopes(render([c.event]))[0]));
    expect(message).toMatchObject({
      method: 'POST',
      url: 'https://splunk.example.com:8088/services/collector/event',
      gzip: true,
      headers: { authorization: `Splunk ${TOKEN}`, 'content-type': 'application/json' },
    });
    expect(message.headers['x-splunk-request-channel']).toBeUndefined();
    expect(() => render([])).toThrow(/at least one event/);
    expect(cases.length).toBeLessThanOrEqual(splunkOutput.maxBatch);
  });

  it('keeps the exact ns evt.time of the event (never a rounded double)', () => {
    const c = cases.find((x) => x.event.rawJson.includes('"evt.time":'));
    if (!c) throw new Error('no syscall case');
    const body = render([c.event]).body;
    expect(body).toContain('"evt.time":1777629600123456789');
    expect(body).not.toContain('1777629600123456800');
  });

  it('sets index, source, sourcetype and host from the settings, host from the event by default', () => {
    const [c] = cases;
    if (!c) throw new Error('empty corpus');
    const parsed = (m: HttpMessage) => JSON.parse(m.body) as Record<string, unknown>;
    expect(parsed(render([c.event]))).toMatchObject({
      index: 'falco',
      source: 'aerie',
      sourcetype: 'aerie:event',
      host: 'ip-10-0-10-40.eu-west-1.compute.internal',
    });
    const custom = SplunkConfigSchema.parse({
      url: 'https://splunk.example.com:8088',
      token: TOKEN,
      source: 'falco-prod',
      sourcetype: '_json',
      host: 'aerie-eu',
    });
    const envelope = parsed(render([c.event], custom));
    expect(envelope).toMatchObject({ source: 'falco-prod', sourcetype: '_json', host: 'aerie-eu' });
    expect(envelope).not.toHaveProperty('index');
    // No hostname (cloud audit, some k8s_audit): no host, Splunk uses the token's default.
    const bare = { ...c.event, event: { ...c.event.event, hostname: null } };
    expect(parsed(render([bare]))).not.toHaveProperty('host');
  });

  it('sends the Falco payload as received with payload: falco', () => {
    const c = cases.find((x) => x.event.rawJson.includes('"evt.time":'));
    if (!c) throw new Error('no syscall case');
    const falco = SplunkConfigSchema.parse({ ...config, payload: 'falco' });
    const text = render([c.event], falco).body;
    expect(memberText(text, 'event')).toBe(c.event.rawJson);
  });

  it('falls back to received_at when the event time is not RFC 3339', () => {
    const [c] = cases;
    if (!c) throw new Error('empty corpus');
    const odd = { ...c.event, event: { ...c.event.event, time: 'yesterday' } };
    expect(memberText(render([odd]).body, 'time')).toBe('1777629600.25');
  });
});

describe('epochSecondsText', () => {
  it('keeps every digit of the fraction, with integer arithmetic', () => {
    const time = '2026-05-01T10:00:00.123456789Z';
    expect(epochSecondsText(time)).toBe('1777629600.123456789');
    // What a float route would give: ms only, or a double that cannot hold 19 digits.
    expect(String(Date.parse(time) / 1000)).toBe('1777629600.123');
    expect(String(Number('1777629600.123456789'))).not.toBe('1777629600.123456789');
  });

  it.each([
    ['2026-05-01T10:00:00Z', '1777629600'],
    ['2026-05-01T10:00:00.000Z', '1777629600'],
    ['2026-05-01T10:00:00.1Z', '1777629600.1'],
    ['2026-05-01T10:00:00.000001Z', '1777629600.000001'],
    ['2026-05-01T10:00:00.000000001Z', '1777629600.000000001'],
    ['2026-05-01T12:00:00.5+02:00', '1777629600.5'],
    ['2026-05-01t10:00:00.25z', '1777629600.25'],
    ['1970-01-01T00:00:00Z', '0'],
    ['1969-12-31T23:59:59.5Z', '-0.5'],
    ['1969-12-31T23:59:59.9995Z', '-0.0005'],
  ])('%s → %s', (time, expected) => {
    expect(epochSecondsText(time)).toBe(expected);
  });

  it('refuses what is not RFC 3339', () => {
    expect(epochSecondsText('2026-13-01T10:00:00Z')).toBeUndefined();
    expect(epochSecondsText('1777629600')).toBeUndefined();
  });
});

describe('splunk settings', () => {
  it('posts to /services/collector/event on a bare host and keeps an explicit endpoint', () => {
    expect(eventUrl({ url: 'https://splunk:8088' })).toBe(
      'https://splunk:8088/services/collector/event',
    );
    expect(eventUrl({ url: 'https://proxy/splunk/services/collector?x=1' })).toBe(
      'https://proxy/splunk/services/collector?x=1',
    );
    expect(
      SplunkConfigSchema.safeParse({
        url: 'https://splunk:8088/services/collector/raw',
        token: TOKEN,
      }).success,
    ).toBe(false);
  });

  it('finds the ack endpoint beside the event endpoint, and needs one for ack', () => {
    expect(ackUrlOf('https://splunk:8088')).toBe('https://splunk:8088/services/collector/ack');
    expect(ackUrlOf('https://splunk:8088/services/collector')).toBe(
      'https://splunk:8088/services/collector/ack',
    );
    expect(ackUrlOf('https://p/hec/services/collector/event/1.0')).toBe(
      'https://p/hec/services/collector/ack',
    );
    expect(ackUrlOf('https://p/ingest')).toBeUndefined();
    expect(SplunkConfigSchema.safeParse({ url: 'https://p/ingest', token: TOKEN }).success).toBe(
      true,
    );
    const refused = SplunkConfigSchema.safeParse({
      url: 'https://p/ingest',
      token: TOKEN,
      ack: true,
    });
    expect(refused.error?.issues[0]?.path).toEqual(['url']);
  });

  it('sends a stable channel GUID with ack: configured, or derived from settings that are not secret', () => {
    const [c] = cases;
    if (!c) throw new Error('empty corpus');
    const acked = SplunkConfigSchema.parse({ ...config, ack: true });
    const channel = render([c.event], acked).headers['x-splunk-request-channel'];
    expect(channel).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(channelOf({ ...acked, token: 'another-token' })).toBe(channel);
    expect(channelOf({ ...acked, index: 'other' })).not.toBe(channel);
    const fixed = SplunkConfigSchema.parse({
      ...acked,
      channel: 'D8A3C8E0-1B2C-4D5E-8F90-A1B2C3D4E5F6',
    });
    expect(render([c.event], fixed).headers['x-splunk-request-channel']).toBe(
      'd8a3c8e0-1b2c-4d5e-8f90-a1b2c3d4e5f6',
    );
    expect(SplunkConfigSchema.safeParse({ ...acked, channel: 'nope' }).success).toBe(false);
  });

  it('adds custom headers that cannot replace its own, and can send uncompressed', () => {
    const [c] = cases;
    if (!c) throw new Error('empty corpus');
    const proxied = SplunkConfigSchema.parse({
      ...config,
      gzip: false,
      headers: { 'X-Proxy-Auth': 'secret' },
    });
    const message = render([c.event], proxied);
    expect(message.headers).toEqual({
      'X-Proxy-Auth': 'secret',
      authorization: `Splunk ${TOKEN}`,
      'content-type': 'application/json',
    });
    expect(message).not.toHaveProperty('gzip');
    for (const name of ['Authorization', 'Content-Encoding', 'X-Splunk-Request-Channel']) {
      expect(
        SplunkConfigSchema.safeParse({ ...config, headers: { [name]: 'x' } }).success,
        name,
      ).toBe(false);
    }
  });

  it('checks token and index, and marks the token and headers secret', () => {
    expect(SplunkConfigSchema.safeParse({ url: config.url, token: 'has space' }).success).toBe(
      false,
    );
    for (const index of ['Main', '_internal', '-x', 'a b']) {
      expect(SplunkConfigSchema.safeParse({ ...config, index }).success, index).toBe(false);
    }
    expect(SplunkConfigSchema.safeParse({ ...config, index: 'sec_ops-1' }).success).toBe(true);
    expect(splunkOutput.secretFields).toEqual(['token', 'headers']);
  });
});
