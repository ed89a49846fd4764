/**
 * Golden render tests over events from the real Falco rules corpus (test-support/corpus-events.ts).
 * A test fails when a render differs from `__golden__/<case>.json`; after a deliberate change run
 * `UPDATE_GOLDEN=1 npx nx run @aerie/outputs:test` and review the diff. Every Adaptive Card is
 * validated against Microsoft's 1.4.0 schema (shared/contracts) and checked against the 20 KB budget.
 */
import type { JsonValue, StoredEventDetail } from '@aerie/contracts';
import { describe, expect, it } from 'vitest';
import type { DeliverableEvent, RenderContext } from '../../output.js';
import { adaptiveCardValidator } from '../../test-support/adaptive-card-schema.js';
import { corpusCases, GOLDEN_CONTEXT } from '../../test-support/corpus-events.js';
import { expectGolden, goldenMessage } from '../../test-support/golden.js';
import { TEAMS_OUTPUT_FORMATS, TeamsConfigSchema, type TeamsConfig } from './teams.config.js';
import { renderTeams, TEAMS_MAX_BYTES } from './teams.render.js';

const validate = adaptiveCardValidator('1.4.0');
const cases = corpusCases();
// A placeholder shaped like a Workflows trigger URL, not a credential.
const WEBHOOK =
  'https://example.environment.api.powerplatform.com:443/powerautomate/automations/direct/workflows/0/triggers/manual/paths/invoke?api-version=1&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=placeholder';

const config = (extra: Record<string, unknown> = {}): TeamsConfig =>
  TeamsConfigSchema.parse({ webhookUrl: WEBHOOK, ...extra });

interface Envelope {
  type: string;
  attachments: { contentType: string; contentUrl: null; content: Record<string, unknown> }[];
}

function render(event: DeliverableEvent, cfg = config(), ctx: RenderContext = GOLDEN_CONTEXT) {
  const message = renderTeams([event], cfg, ctx);
  return { message, payload: JSON.parse(message.body) as Envelope };
}

/** What Teams needs of a Workflows message, and what its schema says of the card. */
function expectValidWorkflows(body: string): void {
  expect(Buffer.byteLength(body, 'utf8')).toBeLessThanOrEqual(TEAMS_MAX_BYTES);
  const payload = JSON.parse(body) as Envelope;
  expect(payload.type).toBe('message');
  expect(payload.attachments).toHaveLength(1);
  const [attachment] = payload.attachments;
  expect(attachment?.contentType).toBe('application/vnd.microsoft.card.adaptive');
  expect(attachment?.content).toMatchObject({ type: 'AdaptiveCard', version: '1.4' });
  const valid = validate(attachment?.content);
  expect(validate.errors ?? [], 'Adaptive Card 1.4.0 schema').toEqual([]);
  expect(valid).toBe(true);
}

function withEvent(base: DeliverableEvent, patch: Partial<StoredEventDetail>): DeliverableEvent {
  return { ...base, event: { ...base.event, ...patch } };
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('the Adaptive Card validator is live', () => {
  it('rejects a TextBlock without text and an unknown card property', () => {
    const card = { type: 'AdaptiveCard', version: '1.4', body: [{ type: 'TextBlock' }] };
    expect(validate(card)).toBe(false);
    expect(validate({ type: 'AdaptiveCard', version: '1.4', body: [], msteams: {} })).toBe(false);
    expect(
      validate({ type: 'AdaptiveCard', version: '1.4', body: [{ type: 'TextBlock', text: 'x' }] }),
    ).toBe(true);
  });
});

describe('teams render: golden files over the Falco rules corpus', () => {
  for (const { name, event } of cases) {
    it(`${name} renders as its golden file, a valid 1.4 card under 20 KB`, () => {
      const { message } = render(event);
      expectValidWorkflows(message.body);
      expectGolden(import.meta.url, name, goldenMessage(message));
    });
  }

  it('the other formats, the image and the messagecard mode render as their golden files', () => {
    const event = cases.find((c) => c.name === 'brackets')!.event;
    for (const outputFormat of ['text', 'facts'] as const) {
      const { message } = render(event, config({ outputFormat }));
      expectValidWorkflows(message.body);
      expectGolden(import.meta.url, `brackets.${outputFormat}`, goldenMessage(message));
    }
    const withImage = render(
      event,
      config({ activityImage: 'https://aerie.example.com/icon.png' }),
    );
    expectValidWorkflows(withImage.message.body);
    expectGolden(import.meta.url, 'brackets.image', goldenMessage(withImage.message));
    for (const name of ['brackets', 'huge-field'] as const) {
      const e = cases.find((c) => c.name === name)!.event;
      const { message } = render(
        e,
        config({ mode: 'messagecard', activityImage: 'https://aerie.example.com/icon.png' }),
      );
      expect(Buffer.byteLength(message.body)).toBeLessThanOrEqual(TEAMS_MAX_BYTES);
      expectGolden(import.meta.url, `${name}.messagecard`, goldenMessage(message));
    }
  });
});

describe('teams render: valid and under 20 KB whatever the event', () => {
  for (const { name, event } of cases) {
    it(`${name} in every output format`, () => {
      for (const outputFormat of TEAMS_OUTPUT_FORMATS) {
        expectValidWorkflows(render(event, config({ outputFormat })).message.body);
      }
    });
  }

  const base = cases[0]!.event;
  const fields: Record<string, JsonValue> = {};
  for (let i = 0; i < 400; i++) fields[`k8s.field[${i}]`] = `🛡️é${'\u0001'.repeat(50)}`.repeat(40);
  const huge = withEvent(base, {
    // Control characters take 6 bytes each in JSON: the worst case for the byte budget.
    output: '\u0001💥'.repeat(20_000),
    rule: '\u0002'.repeat(1024),
    tags: Array.from({ length: 128 }, (_, i) => `tag-${i}-${'\u0003'.repeat(250)}`),
    hostname: '\u0004'.repeat(255),
    namespace: '\u0005'.repeat(253),
    output_fields: fields,
  });

  for (const mode of ['workflows', 'messagecard'] as const) {
    for (const outputFormat of TEAMS_OUTPUT_FORMATS) {
      it(`a pathological event fits (${mode}, ${outputFormat})`, () => {
        const { message } = render(huge, config({ mode, outputFormat }));
        expect(Buffer.byteLength(message.body, 'utf8')).toBeLessThanOrEqual(TEAMS_MAX_BYTES);
        expect(message.body).not.toMatch(LONE_SURROGATE);
        if (mode === 'workflows') expectValidWorkflows(message.body);
      });
    }
  }

  it('gives up output fields first, and says how many are left out', () => {
    const many: Record<string, JsonValue> = {};
    for (let i = 0; i < 300; i++) many[`proc.aname[${i}]`] = `ancestor-${i}-${'x'.repeat(80)}`;
    const { message, payload } = render(withEvent(base, { output_fields: many }));
    expectValidWorkflows(message.body);
    const text = JSON.stringify(payload);
    expect(text).toContain('ancestor-0-');
    expect(text).toMatch(/"\d+ more fields in Aerie"/);
    expect(text).toContain(base.event.output!.slice(0, 40)); // the output text is kept whole
  });
});

describe('teams render: content', () => {
  const event = cases.find((c) => c.name === 'brackets')!.event;

  it('neutralises markdown links in event values', () => {
    const hostile = '[Reset your password](https://evil.example/login)';
    const e = withEvent(event, {
      rule: hostile,
      output: hostile,
      output_fields: { ...event.event.output_fields, 'fd.name': hostile },
    });
    for (const mode of ['workflows', 'messagecard'] as const) {
      const { message } = render(e, config({ mode }));
      expect(message.body).not.toContain('](https://evil');
      expect(message.body).toContain('[Reset your password]\u200b(https://evil.example/login)');
    }
  });

  it('shows rule, priority colour, output, key facts and a link back to Aerie', () => {
    const { payload } = render(event);
    const card = payload.attachments[0]!.content;
    const text = JSON.stringify(card);
    expect(card['body']).toEqual(
      expect.arrayContaining([expect.objectContaining({ type: 'Container', style: 'good' })]),
    );
    expect(text).toContain('Terminal shell in container');
    expect(text).toContain('A shell was spawned');
    expect(text).toContain('{"title":"proc.aname[2]","value":"containerd-shim"}');
    expect(text).toContain('{"title":"Cluster","value":"prod-eu-west-1"}');
    expect(card['actions']).toEqual([
      { type: 'Action.OpenUrl', title: 'Open in Aerie', url: GOLDEN_CONTEXT.eventUrl },
    ]);
  });

  it('leaves the link out when the event URL is not absolute', () => {
    const { message, payload } = render(event, config(), {
      ...GOLDEN_CONTEXT,
      eventUrl: '/events/x',
    });
    expectValidWorkflows(message.body);
    expect(payload.attachments[0]!.content).not.toHaveProperty('actions');
  });

  it('posts JSON with a charset, the custom headers, to the webhook URL; pure; one event', () => {
    const { message } = render(event, config({ headers: { 'X-Proxy-Auth': 'placeholder' } }));
    expect(message).toMatchObject({ method: 'POST', url: WEBHOOK });
    expect(message.headers).toEqual({
      'X-Proxy-Auth': 'placeholder',
      'content-type': 'application/json; charset=utf-8',
    });
    expect(render(event).message).toEqual(render(event).message);
    expect(() => renderTeams([], config(), GOLDEN_CONTEXT)).toThrow(/exactly one/);
    expect(() => renderTeams([event, event], config(), GOLDEN_CONTEXT)).toThrow(/exactly one/);
  });
});
