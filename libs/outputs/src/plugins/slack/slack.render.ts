import type { StoredEventDetail } from '@aerie/contracts';
import type { DeliverableEvent, HttpMessage, RenderContext } from '../../output.js';
import { mergeHeaders } from '../webhook/http-headers.js';
import { displayFields, summaryFields, type DisplayField } from './event-fields.js';
import { fillTemplate, parseTemplate } from './message-template.js';
import { SLACK_COLORS } from './slack-colors.js';
import type { SlackConfig } from './slack.config.js';
import type { Block, SectionBlock, SlackMessage, TextObject } from './slack-message.js';
import { codeBlock, escapeMrkdwn, inlineValue, mrkdwn } from './slack-mrkdwn.js';
import { truncate } from './truncate.js';

/**
 * Slack's limits (NOTES.md §1c) and the budgets kept under them. Slack refuses a whole message
 * (`invalid_blocks`, `msg_blocks_too_long`) when one part is too long, so every part is cut here.
 */
const LIMITS = {
  sectionText: 3000,
  fieldsPerSection: 10,
  blocks: 50,
  contextElements: 10,
  buttonUrl: 3000,
  /** Slack allows 2000 per field; 1000 keeps a huge value from filling the message. */
  fieldText: 1000,
  summaryValue: 300,
  /** `msg_blocks_too_long` was seen near 13k characters of block text in all. */
  blockText: 12_000,
  headline: 3000,
  fallback: 300,
} as const;

/** One event → one incoming-webhook POST (a Block Kit attachment coloured by priority). */
export function renderSlack(
  events: readonly DeliverableEvent[],
  config: SlackConfig,
  ctx: RenderContext,
): HttpMessage {
  const [first] = events;
  if (!first || events.length > 1) throw new Error('slack renders exactly one event per message');
  const message = slackMessage(first.event, config, ctx);
  return {
    method: 'POST',
    url: config.webhookUrl,
    headers: mergeHeaders(config.headers, { 'content-type': 'application/json; charset=utf-8' }),
    body: JSON.stringify(message),
  };
}

export function slackMessage(
  event: StoredEventDetail,
  config: SlackConfig,
  ctx: RenderContext,
): SlackMessage {
  const showText = config.outputFormat !== 'fields';
  const showFields = config.outputFormat !== 'text';

  const head: Block[] = [];
  if (showText && event.output) {
    head.push(section(codeBlock(event.output, LIMITS.sectionText)));
  }
  if (showFields) {
    const summary = summaryFields(event).map((f) => fieldText(f, LIMITS.summaryValue));
    if (summary.length > 0) head.push(fieldsSection(summary.slice(0, LIMITS.fieldsPerSection)));
  }
  const button = buttonBlock(ctx.eventUrl);
  const tailCount = 1 + (button ? 1 : 0);

  // Output fields fill what the block and text budgets leave; the rest is counted, not lost.
  const fields = showFields ? displayFields(event.output_fields) : [];
  const fieldSections: SectionBlock[] = [];
  let budget = LIMITS.blockText - head.reduce((n, b) => n + blockTextLength(b), 0);
  let shown = 0;
  let current: TextObject[] = [];
  for (const field of fields) {
    const text = fieldText(field, LIMITS.fieldText);
    if (text.text.length > budget) break;
    if (current.length === LIMITS.fieldsPerSection) {
      fieldSections.push(fieldsSection(current));
      current = [];
    }
    if (current.length === 0 && head.length + fieldSections.length + tailCount >= LIMITS.blocks) {
      break;
    }
    current.push(text);
    budget -= text.text.length;
    shown += 1;
  }
  if (current.length > 0) fieldSections.push(fieldsSection(current));

  const blocks: Block[] = [
    ...head,
    ...fieldSections,
    contextBlock(event, config, fields.length - shown),
    ...(button ? [button] : []),
  ];
  return {
    text: headline(event, config, ctx),
    ...(config.channel ? { channel: config.channel } : {}),
    ...(config.username ? { username: config.username } : {}),
    ...(config.icon ? { icon_url: config.icon } : {}),
    attachments: [
      {
        color: SLACK_COLORS[event.priority],
        fallback: mrkdwn(
          `[${event.priority}] ${event.rule}${event.output ? `: ${event.output}` : ''}`,
          LIMITS.fallback,
        ),
        blocks,
      },
    ],
  };
}

/** The operator's `messageFormat`, else `*Priority* · Rule`; values escaped either way. */
function headline(event: StoredEventDetail, config: SlackConfig, ctx: RenderContext): string {
  const parsed = config.messageFormat ? parseTemplate(config.messageFormat) : undefined;
  // The schema refuses bad templates; one that got here anyway falls back to the default line.
  const text = parsed?.ok
    ? fillTemplate(parsed.parts, event, ctx.eventUrl, escapeMrkdwn)
    : `*${event.priority}* · ${escapeMrkdwn(event.rule)}`;
  return truncate(text, LIMITS.headline);
}

function section(text: string): SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

function fieldsSection(fields: TextObject[]): SectionBlock {
  return { type: 'section', fields };
}

/** `*name*` over the value, `max` characters in all. */
function fieldText(field: DisplayField, max: number): TextObject {
  const name = `*${mrkdwn(field.name.replace(/\*/g, ''), 200)}*\n`;
  return { type: 'mrkdwn', text: name + inlineValue(field.value, max - name.length) };
}

/** When the event happened, where it came from, what was left out, the operator's footer. */
function contextBlock(event: StoredEventDetail, config: SlackConfig, hidden: number): Block {
  const parts = [`${event.time} · ${event.source}${event.hostname ? ` · ${event.hostname}` : ''}`];
  if (hidden > 0) parts.push(`${hidden} more field${hidden === 1 ? '' : 's'} in Aerie`);
  if (config.footer) parts.push(config.footer);
  return {
    type: 'context',
    elements: parts
      .slice(0, LIMITS.contextElements)
      .map((text) => ({ type: 'mrkdwn', text: mrkdwn(text, 1000) })),
  };
}

/** A link back to the event, when Aerie knows its public address (Slack needs an absolute URL). */
function buttonBlock(eventUrl: string): Block | undefined {
  if (!/^https?:\/\//.test(eventUrl) || eventUrl.length > LIMITS.buttonUrl) return undefined;
  return {
    type: 'actions',
    elements: [
      { type: 'button', text: { type: 'plain_text', text: 'Open in Aerie' }, url: eventUrl },
    ],
  };
}

function blockTextLength(block: Block): number {
  if (block.type !== 'section') return 0;
  return (
    (block.text?.text.length ?? 0) + (block.fields ?? []).reduce((n, f) => n + f.text.length, 0)
  );
}
