import type { StoredEventDetail } from '@aerie/contracts';
import type { DisplayField } from '../slack/event-fields.js';
import type { CardPlan } from './teams-fit.js';
import type { TeamsConfig } from './teams.config.js';
import { CARD_STYLE } from './teams-style.js';
import { cardText } from './teams-text.js';

/**
 * 1.4: Teams supports up to 1.5, but 1.5 (and 1.6) cards fail through the Workflows post-card
 * action while 1.4 works (NOTES.md §2). Only elements that exist since 1.2 are used.
 */
export const CARD_VERSION = '1.4';

type Element = Record<string, unknown> & { type: string };

export interface CardInput {
  event: StoredEventDetail;
  /** Key facts and output fields, already inert and cut (`cardFacts`). */
  summary: DisplayField[];
  fields: DisplayField[];
  /** Absolute http(s) link to the event, when Aerie knows its public address. */
  eventUrl: string | undefined;
  config: TeamsConfig;
}

/** The Workflows envelope: one attachment makes one post (NOTES.md §2). */
export function workflowsMessage(input: CardInput, plan: CardPlan): unknown {
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: adaptiveCard(input, plan),
      },
    ],
  };
}

export function adaptiveCard(input: CardInput, plan: CardPlan): Record<string, unknown> {
  const { event, config } = input;
  const showText = config.outputFormat !== 'facts';
  const showFacts = config.outputFormat !== 'text';
  const body: Element[] = [header(input, plan)];
  if (showText && event.output && plan.outputMax > 0) {
    body.push({
      type: 'TextBlock',
      text: cardText(event.output, plan.outputMax),
      wrap: true,
      fontType: 'monospace',
    });
  }
  if (showFacts && plan.summary && input.summary.length > 0) {
    body.push(factSet(input.summary));
  }
  const shown = showFacts ? input.fields.slice(0, plan.fields) : [];
  if (shown.length > 0) body.push(factSet(shown));
  const hidden = showFacts ? input.fields.length - shown.length : 0;
  if (hidden > 0) {
    body.push({
      type: 'TextBlock',
      text: `${hidden} more field${hidden === 1 ? '' : 's'} in Aerie`,
      isSubtle: true,
      size: 'small',
      wrap: true,
    });
  }
  return {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: CARD_VERSION,
    fallbackText: cardText(`[${event.priority}] ${event.rule}`, 200),
    body,
    ...(input.eventUrl
      ? { actions: [{ type: 'Action.OpenUrl', title: 'Open in Aerie', url: input.eventUrl }] }
      : {}),
  };
}

/** Rule and priority on a band coloured by priority, with the operator's image if any. */
function header({ event, config }: CardInput, plan: CardPlan): Element {
  const style = CARD_STYLE[event.priority];
  const title: Element[] = [
    {
      type: 'TextBlock',
      text: cardText(event.rule, plan.titleMax),
      weight: 'bolder',
      size: 'medium',
      wrap: true,
    },
    {
      type: 'TextBlock',
      text: `${event.priority} · ${event.time}`,
      color: style.text,
      weight: 'bolder',
      spacing: 'none',
      wrap: true,
    },
  ];
  const items: Element[] = config.activityImage
    ? [
        {
          type: 'ColumnSet',
          columns: [
            {
              type: 'Column',
              width: 'auto',
              items: [
                { type: 'Image', url: config.activityImage, size: 'small', altText: 'Aerie' },
              ],
            },
            { type: 'Column', width: 'stretch', items: title },
          ],
        },
      ]
    : title;
  return { type: 'Container', style: style.container, bleed: true, items };
}

function factSet(fields: readonly DisplayField[]): Element {
  return { type: 'FactSet', facts: fields.map((f) => ({ title: f.name, value: f.value })) };
}
