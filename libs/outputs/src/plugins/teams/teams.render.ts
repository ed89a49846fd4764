import type { DeliverableEvent, HttpMessage, RenderContext } from '../../output.js';
import { displayFields, summaryFields } from '../slack/event-fields.js';
import { mergeHeaders } from '../webhook/http-headers.js';
import { workflowsMessage, type CardInput } from './adaptive-card.js';
import { messageCard } from './message-card.js';
import { fitToBytes } from './teams-fit.js';
import { cardFacts } from './teams-text.js';
import type { TeamsConfig } from './teams.config.js';

/** UTF-8 bytes a message may take: 413s were seen from about 20 KB (NOTES.md §2). */
export const TEAMS_MAX_BYTES = 20_000;
const SUMMARY_VALUE_MAX = 300;
const FIELD_VALUE_MAX = 1000;

/** One event → one card POSTed to the Workflows (or legacy connector) webhook. */
export function renderTeams(
  events: readonly DeliverableEvent[],
  config: TeamsConfig,
  ctx: RenderContext,
): HttpMessage {
  const [first] = events;
  if (!first || events.length > 1) throw new Error('teams renders exactly one event per message');
  const event = first.event;
  const input: CardInput = {
    event,
    summary: cardFacts(summaryFields(event), SUMMARY_VALUE_MAX),
    fields: cardFacts(displayFields(event.output_fields), FIELD_VALUE_MAX),
    // Action.OpenUrl and OpenUri need an absolute link; a relative one (no publicUrl) is left out.
    eventUrl: /^https?:\/\//.test(ctx.eventUrl) ? ctx.eventUrl : undefined,
    config,
  };
  const build = config.mode === 'messagecard' ? messageCard : workflowsMessage;
  return {
    method: 'POST',
    url: config.webhookUrl,
    // charset: without it some endpoints counted the body as UTF-16, halving the room (NOTES §2).
    headers: mergeHeaders(config.headers, { 'content-type': 'application/json; charset=utf-8' }),
    body: fitToBytes(
      (plan) => JSON.stringify(build(input, plan)),
      input.fields.length,
      TEAMS_MAX_BYTES,
    ),
  };
}
