import { describe, expect, it } from 'vitest';
import { PRIORITIES } from '@aerie/contracts';
import { corpusCases, GOLDEN_CONTEXT } from '../../test-support/corpus-events.js';
import { pagerDutyEnqueueValidator } from '../../test-support/contract-schemas.js';
import { expectGolden, goldenMessage } from '../../test-support/golden.js';
import type { HttpAnswer } from '../../output.js';
import { classifyPagerDuty } from './pagerduty.classify.js';
import { PagerDutyConfigSchema } from './pagerduty.config.js';
import { pagerDutyOutput } from './pagerduty.output.js';
import { truncate } from '../webhook/text.js';
import { dedupKey, pagerDutySeverity, resolveMessage, SUMMARY_MAX } from './pagerduty.render.js';

const KEY = 'R0UT1NGKEY0000000000000000000001';
const config = PagerDutyConfigSchema.parse({ routingKey: KEY });
const cases = corpusCases();
const validate = pagerDutyEnqueueValidator();

function body(text: string): Record<string, unknown> & { payload: Record<string, unknown> } {
  return JSON.parse(text) as Record<string, unknown> & { payload: Record<string, unknown> };
}

describe('pagerduty render over the Falco rules corpus', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s matches its golden file', (name, c) => {
    expectGolden(
      import.meta.url,
      name,
      goldenMessage(pagerDutyOutput.render([c.event], config, GOLDEN_CONTEXT)),
    );
  });

  it.each(cases.map((c) => [c.name, c] as const))(
    '%s is a valid Events API v2 request',
    (_n, c) => {
      const message = pagerDutyOutput.render([c.event], config, GOLDEN_CONTEXT);
      const parsed = body(message.body);
      expect(validate(parsed), JSON.stringify(validate.errors)).toBe(true);
      // Limits PagerDuty documents outside the schema.
      expect((parsed.payload['summary'] as string).length).toBeLessThanOrEqual(SUMMARY_MAX);
      expect((parsed['dedup_key'] as string).length).toBeLessThanOrEqual(255);
      expect(Buffer.byteLength(message.body)).toBeLessThan(512 * 1024);
      expect(message.url).toBe('https://events.pagerduty.com/v2/enqueue');
      expect(message.headers['content-type']).toBe('application/json');
    },
  );

  it('keys every event of one alert group to one incident', () => {
    const [a, b] = cases;
    if (!a || !b) throw new Error('corpus too small');
    const again = {
      ...a,
      event: { ...a.event, event: { ...a.event.event, id: b.event.event.id } },
    };
    const first = body(pagerDutyOutput.render([a.event], config, GOLDEN_CONTEXT).body);
    const second = body(pagerDutyOutput.render([again.event], config, GOLDEN_CONTEXT).body);
    const other = body(pagerDutyOutput.render([b.event], config, GOLDEN_CONTEXT).body);
    expect(first['dedup_key']).toBe(`aerie-${a.event.event.fingerprint}`);
    expect(second['dedup_key']).toBe(first['dedup_key']);
    expect(other['dedup_key']).not.toBe(first['dedup_key']);
  });

  it('keeps the exact ns evt.time in custom_details.fields (never a rounded double)', () => {
    const c = cases.find((x) => x.event.rawJson.includes('"evt.time":'));
    if (!c) throw new Error('no syscall case');
    const text = pagerDutyOutput.render([c.event], config, GOLDEN_CONTEXT).body;
    expect(text).toContain('"evt.time":1777629600123456789');
    expect(text).not.toContain('1777629600123456800');
  });

  it('cuts the summary of a long output to 1024 characters and huge fields stay under 512 KB', () => {
    const long = cases.find((c) => c.name === 'long-output');
    if (!long) throw new Error('no long-output case');
    const summary = body(pagerDutyOutput.render([long.event], config, GOLDEN_CONTEXT).body).payload[
      'summary'
    ] as string;
    expect(summary).toHaveLength(SUMMARY_MAX);
    expect(summary.endsWith('…')).toBe(true);
    const huge = cases.find((c) => c.name === 'huge-field');
    if (!huge) throw new Error('no huge-field case');
    const big = 'y'.repeat(600 * 1024);
    const event = {
      ...huge.event.event,
      output_fields: { ...huge.event.event.output_fields, 'proc.env': big },
    };
    const eventJson = JSON.stringify({ ...event, raw: undefined });
    const message = pagerDutyOutput.render(
      [{ ...huge.event, event, eventJson }],
      config,
      GOLDEN_CONTEXT,
    );
    expect(Buffer.byteLength(message.body)).toBeLessThan(512 * 1024);
    const fields = body(message.body).payload['custom_details'] as {
      fields: Record<string, string>;
    };
    expect(fields.fields['proc.env']).toMatch(/… \(\d+ more characters in Aerie\)$/);
  });

  it('does not split a surrogate pair when truncating', () => {
    const text = `${'a'.repeat(1022)}😀😀`;
    const cut = truncate(text, 1024);
    expect(cut.length).toBeLessThanOrEqual(1024);
    expect(cut.isWellFormed()).toBe(true);
  });

  it('maps every Falco priority to a PagerDuty severity', () => {
    expect(Object.fromEntries(PRIORITIES.map((p) => [p, pagerDutySeverity(p)]))).toEqual({
      Emergency: 'critical',
      Alert: 'critical',
      Critical: 'critical',
      Error: 'error',
      Warning: 'warning',
      Notice: 'info',
      Informational: 'info',
      Debug: 'info',
    });
  });

  it('sends to the EU endpoint, to an override, with custom headers that cannot replace its own', () => {
    const [c] = cases;
    if (!c) throw new Error('empty corpus');
    const eu = PagerDutyConfigSchema.parse({ routingKey: KEY, region: 'eu' });
    expect(pagerDutyOutput.render([c.event], eu, GOLDEN_CONTEXT).url).toBe(
      'https://events.eu.pagerduty.com/v2/enqueue',
    );
    const proxied = PagerDutyConfigSchema.parse({
      routingKey: KEY,
      region: 'eu',
      endpoint: 'http://127.0.0.1:9/v2/enqueue',
      headers: { 'X-Proxy-Auth': 'token' },
    });
    const message = pagerDutyOutput.render([c.event], proxied, GOLDEN_CONTEXT);
    expect(message.url).toBe('http://127.0.0.1:9/v2/enqueue');
    expect(message.headers).toEqual({
      'X-Proxy-Auth': 'token',
      'content-type': 'application/json',
    });
    expect(
      PagerDutyConfigSchema.safeParse({
        routingKey: KEY,
        headers: { 'Content-Type': 'text/plain' },
      }).success,
    ).toBe(false);
  });

  it('leaves links out when Aerie has no public URL (PagerDuty wants absolute ones)', () => {
    const [c] = cases;
    if (!c) throw new Error('empty corpus');
    const parsed = body(
      pagerDutyOutput.render([c.event], config, { ...GOLDEN_CONTEXT, eventUrl: '/events/x' }).body,
    );
    expect(parsed['links']).toBeUndefined();
    expect(parsed['client_url']).toBeUndefined();
    expect(validate(parsed)).toBe(true);
  });

  it('refuses a routing key that is not 32 characters, and marks it secret', () => {
    expect(PagerDutyConfigSchema.safeParse({ routingKey: 'short' }).success).toBe(false);
    expect(pagerDutyOutput.secretFields).toContain('routingKey');
  });
});

describe('pagerduty resolveMessage', () => {
  it('resolves the incident of a group with the same routing and dedup keys', () => {
    const [c] = cases;
    if (!c) throw new Error('empty corpus');
    const trigger = body(pagerDutyOutput.render([c.event], config, GOLDEN_CONTEXT).body);
    const message = resolveMessage(c.event.event.fingerprint, config);
    const parsed = JSON.parse(message.body) as Record<string, unknown>;
    expect(parsed).toEqual({
      routing_key: KEY,
      event_action: 'resolve',
      dedup_key: trigger['dedup_key'],
    });
    expect(validate(parsed), JSON.stringify(validate.errors)).toBe(true);
    expect(message).toMatchObject({
      method: 'POST',
      url: 'https://events.pagerduty.com/v2/enqueue',
    });
    expect(dedupKey(c.event.event.fingerprint)).toBe(parsed['dedup_key']);
  });
});

describe('pagerduty classify (answers from NOTES.md §3)', () => {
  const answer = (
    status: number,
    text: string,
    headers: Record<string, string> = {},
  ): HttpAnswer => ({
    status,
    headers: { 'content-type': 'application/json', ...headers },
    body: text,
  });

  it('202 success is delivered', () => {
    expect(
      classifyPagerDuty(
        answer(202, '{"status":"success","message":"Event processed","dedup_key":"aerie-0123"}'),
      ),
    ).toEqual({ ok: true });
  });

  it('400 invalid event is permanent and says why', () => {
    const outcome = classifyPagerDuty(
      answer(
        400,
        `{"status":"invalid event","message":"Event object is invalid","errors":["Length of 'routing_key' is incorrect (should be 32 characters)"]}`,
      ),
    );
    expect(outcome).toEqual({
      ok: false,
      retryable: false,
      error:
        "PagerDuty 400 invalid event: Event object is invalid; Length of 'routing_key' is incorrect (should be 32 characters)",
    });
  });

  it('429 is retried with the engine backoff (no Retry-After), or the header when a proxy adds one', () => {
    const outcome = classifyPagerDuty(answer(429, ''));
    expect(outcome).toMatchObject({ ok: false, retryable: true });
    expect(outcome).not.toHaveProperty('retryAfterMs');
    expect(classifyPagerDuty(answer(429, '', { 'retry-after': '30' }))).toMatchObject({
      retryable: true,
      retryAfterMs: 30_000,
    });
  });

  it('5xx is retried, whatever the body', () => {
    expect(classifyPagerDuty(answer(500, 'Internal Server Error'))).toMatchObject({
      ok: false,
      retryable: true,
    });
    expect(classifyPagerDuty(answer(503, '<html>busy</html>'))).toMatchObject({
      ok: false,
      retryable: true,
    });
  });

  it('other client errors are permanent', () => {
    expect(classifyPagerDuty(answer(403, 'Forbidden'))).toMatchObject({
      ok: false,
      retryable: false,
    });
    expect(classifyPagerDuty(answer(413, 'Request Entity Too Large'))).toMatchObject({
      ok: false,
      retryable: false,
    });
  });
});
