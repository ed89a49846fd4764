/**
 * Golden render tests over events from the real Falco rules corpus (test-support/corpus-events.ts).
 * A test fails when a render differs from `__golden__/<case>.json`; after a deliberate change run
 * `UPDATE_GOLDEN=1 npx nx run @aerie/outputs:test` and review the diff. Every render, golden or not,
 * is also checked against Slack's documented limits (test-support/slack-limits.ts).
 */
import type { JsonValue, StoredEventDetail } from '@aerie/contracts';
import { describe, expect, it } from 'vitest';
import type { DeliverableEvent, RenderContext } from '../../output.js';
import { corpusCases, GOLDEN_CONTEXT } from '../../test-support/corpus-events.js';
import { expectGolden, goldenMessage } from '../../test-support/golden.js';
import { slackLimitViolations } from '../../test-support/slack-limits.js';
import { SLACK_OUTPUT_FORMATS, SlackConfigSchema, type SlackConfig } from './slack.config.js';
import type { SlackMessage } from './slack-message.js';
import { renderSlack } from './slack.render.js';

// A placeholder, not a credential: the golden files show where the URL goes.
const config = (extra: Record<string, unknown> = {}): SlackConfig =>
  SlackConfigSchema.parse({
    webhookUrl: 'https://hooks.slack.com/services/T00000000/B00000000/placeholder',
    ...extra,
  });

const cases = corpusCases();

function render(event: DeliverableEvent, cfg = config(), ctx: RenderContext = GOLDEN_CONTEXT) {
  const message = renderSlack([event], cfg, ctx);
  return { message, payload: JSON.parse(message.body) as SlackMessage };
}

/** Every piece of text a reader sees, concatenated. */
function allText(payload: SlackMessage): string {
  return JSON.stringify(payload);
}

function withEvent(base: DeliverableEvent, patch: Partial<StoredEventDetail>): DeliverableEvent {
  return { ...base, event: { ...base.event, ...patch } };
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('slack render: golden files over the Falco rules corpus', () => {
  it('covers every rules file of the corpus and the edge cases', () => {
    const names = cases.map((c) => c.name);
    expect(names).toEqual(
      expect.arrayContaining(['long-output', 'unicode', 'huge-field', 'brackets']),
    );
    expect(new Set(cases.map((c) => c.event.event.source)).size).toBeGreaterThanOrEqual(6);
  });

  for (const { name, event } of cases) {
    it(`${name} renders as its golden file, within Slack's limits`, () => {
      const { message, payload } = render(event);
      expect(slackLimitViolations(payload)).toEqual([]);
      expectGolden(import.meta.url, name, goldenMessage(message));
    });
  }

  it('the other output formats and settings render as their golden files', () => {
    const shell = cases.find((c) => c.name === 'brackets')?.event;
    if (!shell) throw new Error('brackets case missing');
    for (const outputFormat of ['text', 'fields'] as const) {
      const { message, payload } = render(shell, config({ outputFormat }));
      expect(slackLimitViolations(payload)).toEqual([]);
      expectGolden(import.meta.url, `brackets.${outputFormat}`, goldenMessage(message));
    }
    const { message } = render(
      shell,
      config({
        username: 'Aerie',
        icon: 'https://aerie.example.com/icon.png',
        channel: '#falco',
        footer: 'prod-eu-west-1 · Aerie',
        headers: { 'X-Proxy-Auth': 'placeholder' },
        messageFormat:
          'Alert: rule *{{ .Rule }}* ({{ .Priority }}) by user *{{ index .OutputFields "user.name" }}* <{{ .EventURL }}|open>',
      }),
    );
    expectGolden(import.meta.url, 'brackets.settings', goldenMessage(message));
  });
});

describe('slack render: limits are met by cutting, never by failing', () => {
  for (const { name, event } of cases) {
    for (const outputFormat of SLACK_OUTPUT_FORMATS) {
      it(`${name} (${outputFormat})`, () => {
        const { payload } = render(event, config({ outputFormat }));
        expect(slackLimitViolations(payload)).toEqual([]);
      });
    }
  }

  it('a huge event (50k output, 600 fields of 5k, unicode at every cut) stays within limits', () => {
    const base = cases[0]!.event;
    const fields: Record<string, JsonValue> = {};
    for (let i = 0; i < 600; i++)
      fields[`k8s.field.${String(i).padStart(3, '0')}`] = '🛡️é'.repeat(1700);
    const huge = withEvent(base, {
      output: '💥'.repeat(25_000),
      rule: 'R'.repeat(1024),
      tags: Array.from({ length: 128 }, (_, i) => `tag-${i}-${'x'.repeat(200)}`),
      hostname: 'h'.repeat(255),
      output_fields: fields,
    });
    for (const outputFormat of SLACK_OUTPUT_FORMATS) {
      const { message, payload } = render(huge, config({ outputFormat }));
      expect(slackLimitViolations(payload)).toEqual([]);
      expect(message.body).not.toMatch(LONE_SURROGATE);
      if (outputFormat !== 'text') {
        const context = JSON.stringify(payload.attachments[0].blocks.at(-2));
        expect(context).toMatch(/\d+ more fields in Aerie/);
      }
    }
  });

  it('never splits a surrogate pair or an escape when cutting', () => {
    const base = cases[0]!.event;
    for (let pad = 0; pad < 8; pad++) {
      const output = 'a'.repeat(pad) + '😀&<>'.repeat(2000);
      const { message, payload } = render(withEvent(base, { output }));
      expect(message.body).not.toMatch(LONE_SURROGATE);
      const text = payload.attachments[0].blocks[0];
      expect(text).toMatchObject({ type: 'section' });
      const body = JSON.stringify(text);
      // An entity cut in half would leave `&am`, `&l` or `&g` before the ellipsis.
      expect(body).not.toMatch(/&(a|am|amp|l|lt|g|gt)?…/);
      expect(slackLimitViolations(payload)).toEqual([]);
    }
  });
});

describe('slack render: content', () => {
  const event = cases.find((c) => c.name === 'brackets')!.event;

  it('escapes Slack control characters in every value (no mention or link injection)', () => {
    const hostile = '<!channel> <https://evil.example|docs> & <@U123>';
    const e = withEvent(event, {
      rule: hostile,
      output: hostile,
      hostname: hostile,
      output_fields: { ...event.event.output_fields, 'fd.name': hostile, 'proc.aname[2]': hostile },
    });
    for (const outputFormat of SLACK_OUTPUT_FORMATS) {
      const { payload } = render(e, config({ outputFormat }));
      const text = allText(payload);
      expect(text).not.toContain('<!channel>');
      expect(text).not.toContain('<https://evil');
      expect(text).not.toContain('<@U123>');
      expect(text).toContain('&lt;!channel&gt;');
    }
    const templated = render(e, config({ messageFormat: '*{{ .Rule }}* on {{ .Hostname }}' }));
    expect(templated.payload.text).toBe(
      '*&lt;!channel&gt; &lt;https://evil.example|docs&gt; &amp; &lt;@U123&gt;* on &lt;!channel&gt; &lt;https://evil.example|docs&gt; &amp; &lt;@U123&gt;',
    );
  });

  it('shows the priority colour, rule, output, key fields and a link back to Aerie', () => {
    const { payload } = render(event);
    const [attachment] = payload.attachments;
    expect(attachment.color).toBe('#5bffb5'); // Notice: Falcosidekick's colour
    expect(payload.text).toBe(`*Notice* · ${event.event.rule}`);
    expect(JSON.stringify(attachment.blocks[0])).toContain('A shell was spawned');
    const text = JSON.stringify(attachment.blocks);
    expect(text).toContain('*proc.aname[2]*\\n`containerd-shim`');
    expect(text).toContain('*Hostname*');
    expect(text).not.toContain('evt.time');
    expect(attachment.blocks.at(-1)).toEqual({
      type: 'actions',
      elements: [
        {
          type: 'button',
          text: { type: 'plain_text', text: 'Open in Aerie' },
          url: GOLDEN_CONTEXT.eventUrl,
        },
      ],
    });
  });

  it('leaves the button out when the event link is not absolute (no publicUrl)', () => {
    const { payload } = render(event, config(), { ...GOLDEN_CONTEXT, eventUrl: '/events/x' });
    expect(payload.attachments[0].blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(slackLimitViolations(payload)).toEqual([]);
  });

  it('renders an event without output text', () => {
    const { payload } = render(
      withEvent(event, { output: null }),
      config({ outputFormat: 'text' }),
    );
    expect(slackLimitViolations(payload)).toEqual([]);
    expect(payload.attachments[0].fallback).toBe(`[Notice] ${event.event.rule}`);
  });

  it('sends JSON with the plugin content type and the custom headers, to the webhook URL', () => {
    const { message } = render(event, config({ headers: { 'X-Proxy-Auth': 'placeholder' } }));
    expect(message.method).toBe('POST');
    expect(message.url).toBe('https://hooks.slack.com/services/T00000000/B00000000/placeholder');
    expect(message.headers).toEqual({
      'X-Proxy-Auth': 'placeholder',
      'content-type': 'application/json; charset=utf-8',
    });
  });

  it('is pure and renders exactly one event', () => {
    expect(render(event).message).toEqual(render(event).message);
    expect(() => renderSlack([], config(), GOLDEN_CONTEXT)).toThrow(/exactly one/);
    expect(() => renderSlack([event, event], config(), GOLDEN_CONTEXT)).toThrow(/exactly one/);
  });
});
