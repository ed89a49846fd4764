import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { corpusCases, GOLDEN_CONTEXT } from '../../test-support/corpus-events.js';
import { expectGolden, goldenMessage } from '../../test-support/golden.js';
import type { HttpAnswer } from '../../output.js';
import { classifyHttp } from '../../http-outcome.js';
import { mergeHeaders } from './http-headers.js';
import { memberText } from './json-text.js';
import { WebhookConfigSchema } from './webhook.config.js';
import { webhookOutput } from './webhook.output.js';

/** A test secret (32 bytes of 0x01), never a real one. */
const SECRET = `whsec_${Buffer.alloc(32, 1).toString('base64')}`;
const cases = corpusCases();
const signed = WebhookConfigSchema.parse({
  url: 'https://hooks.example.com/falco',
  secret: SECRET,
});

describe('webhook render over the Falco rules corpus', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s matches its golden file', (name, c) => {
    expectGolden(
      import.meta.url,
      name,
      goldenMessage(webhookOutput.render([c.event], signed, GOLDEN_CONTEXT)),
    );
  });

  it.each(cases.map((c) => [c.name, c] as const))(
    '%s forwards the stored texts byte for byte',
    (_n, c) => {
      const asEvent = webhookOutput.render([c.event], signed, GOLDEN_CONTEXT);
      expect(asEvent.body).toBe(c.event.eventJson);
      const asFalco = webhookOutput.render(
        [c.event],
        { ...signed, payload: 'falco' },
        GOLDEN_CONTEXT,
      );
      expect(asFalco.body).toBe(c.event.rawJson);
    },
  );

  it('keeps the ns evt.time exactly (a re-serialized copy would round it)', () => {
    const c = cases.find((x) => x.event.rawJson.includes('"evt.time":'));
    if (!c) throw new Error('no syscall case');
    const body = webhookOutput.render(
      [c.event],
      { ...signed, payload: 'falco' },
      GOLDEN_CONTEXT,
    ).body;
    expect(body).toContain('"evt.time":1777629600123456789');
    expect(JSON.stringify(JSON.parse(body))).not.toBe(body);
  });

  it('signs id.timestamp.body with HMAC-SHA256 (Standard Webhooks v1)', () => {
    const [c] = cases;
    if (!c) throw new Error('empty corpus');
    const m = webhookOutput.render([c.event], signed, GOLDEN_CONTEXT);
    const timestamp = String(GOLDEN_CONTEXT.now.getTime() / 1000);
    const expected = createHmac('sha256', Buffer.alloc(32, 1))
      .update(`${c.event.event.id}.${timestamp}.${m.body}`)
      .digest('base64');
    expect(m.headers).toMatchObject({
      'webhook-id': c.event.event.id,
      'webhook-timestamp': timestamp,
      'webhook-signature': `v1,${expected}`,
    });
    expect(JSON.stringify(m)).not.toContain(SECRET.slice(6));
  });

  it('sends unsigned without a secret, by PUT when asked, with custom headers', () => {
    const [c] = cases;
    if (!c) throw new Error('empty corpus');
    const config = WebhookConfigSchema.parse({
      url: 'http://127.0.0.1:9/in',
      method: 'PUT',
      headers: { Authorization: 'Bearer t', 'X-Team': 'sec' },
    });
    const m = webhookOutput.render([c.event], config, GOLDEN_CONTEXT);
    expect(m.method).toBe('PUT');
    expect(m.url).toBe('http://127.0.0.1:9/in');
    expect(m.headers).toEqual({
      Authorization: 'Bearer t',
      'X-Team': 'sec',
      'content-type': 'application/json',
      'webhook-id': c.event.event.id,
    });
  });

  it('refuses weak or malformed secrets and headers that would forge the signature', () => {
    const url = 'https://hooks.example.com/x';
    expect(WebhookConfigSchema.safeParse({ url, secret: 'hunter2' }).success).toBe(false);
    expect(
      WebhookConfigSchema.safeParse({ url, secret: `whsec_${Buffer.alloc(8).toString('base64')}` })
        .success,
    ).toBe(false);
    expect(
      WebhookConfigSchema.safeParse({ url, headers: { 'Webhook-Signature': 'v1,x' } }).success,
    ).toBe(false);
    expect(WebhookConfigSchema.safeParse({ url, headers: { 'X-A': 'a\r\nX-B: b' } }).success).toBe(
      false,
    );
    expect(WebhookConfigSchema.safeParse({ url: 'ftp://x.example.com/' }).success).toBe(false);
    expect(webhookOutput.secretFields).toEqual(expect.arrayContaining(['secret', 'headers']));
  });

  it('renders one event per request', () => {
    const [a, b] = cases;
    if (!a || !b) throw new Error('corpus too small');
    expect(webhookOutput.maxBatch).toBe(1);
    expect(() => webhookOutput.render([a.event, b.event], signed, GOLDEN_CONTEXT)).toThrow(
      /exactly one/,
    );
  });

  it('classifies with the shared HTTP reading', () => {
    const answer = (status: number, headers: Record<string, string> = {}): HttpAnswer => ({
      status,
      headers,
      body: '',
    });
    for (const a of [
      answer(200),
      answer(204),
      answer(400),
      answer(404),
      answer(429, { 'retry-after': '5' }),
      answer(503),
    ]) {
      expect(webhookOutput.classify(a)).toEqual(classifyHttp(a));
    }
  });
});

describe('webhook helpers', () => {
  it('memberText returns a member value exactly, ignoring look-alikes in strings and nested objects', () => {
    const json =
      '{"a":{"output_fields":1},"s":"\\"output_fields\\":2","output_fields":{"n":12345678901234567890,"x":[1,{"y":"}"}]},"z":null}';
    expect(memberText(json, 'output_fields')).toBe('{"n":12345678901234567890,"x":[1,{"y":"}"}]}');
    expect(memberText(json, 'z')).toBe('null');
    expect(memberText(json, 'missing')).toBeUndefined();
  });

  it('mergeHeaders lets the plugin’s own headers win whatever their case', () => {
    expect(
      mergeHeaders(
        { 'Content-Type': 'text/plain', 'X-A': '1' },
        { 'content-type': 'application/json' },
      ),
    ).toEqual({
      'X-A': '1',
      'content-type': 'application/json',
    });
  });
});
