import type { CardPlan } from './teams-fit.js';
import type { CardInput } from './adaptive-card.js';
import { THEME_COLORS } from './teams-style.js';
import { cardText } from './teams-text.js';

/**
 * The legacy O365-connector `MessageCard`, shaped like Falcosidekick's (one section with the
 * output as text and facts), plus a link back to Aerie. Only for connectors that still run.
 */
export function messageCard(input: CardInput, plan: CardPlan): unknown {
  const { event, config } = input;
  const showText = config.outputFormat !== 'facts';
  const showFacts = config.outputFormat !== 'text';
  const shown = showFacts ? input.fields.slice(0, plan.fields) : [];
  const hidden = showFacts ? input.fields.length - shown.length : 0;
  const facts = [
    ...(showFacts && plan.summary
      ? input.summary.map((f) => ({ name: f.name, value: f.value }))
      : []),
    ...shown.map((f) => ({ name: f.name, value: f.value })),
    ...(hidden > 0
      ? [{ name: 'More', value: `${hidden} more field${hidden === 1 ? '' : 's'} in Aerie` }]
      : []),
  ];
  const section = {
    activityTitle: cardText(event.rule, plan.titleMax),
    activitySubtitle: `${event.priority} · ${event.time}`,
    ...(config.activityImage ? { activityImage: config.activityImage } : {}),
    ...(showText && event.output && plan.outputMax > 0
      ? { text: cardText(event.output, plan.outputMax) }
      : {}),
    ...(facts.length > 0 ? { facts } : {}),
  };
  return {
    '@type': 'MessageCard',
    '@context': 'https://schema.org/extensions',
    summary: cardText(`[${event.priority}] ${event.rule}`, 200),
    themeColor: THEME_COLORS[event.priority],
    sections: [section],
    ...(input.eventUrl
      ? {
          potentialAction: [
            {
              '@type': 'OpenUri',
              name: 'Open in Aerie',
              targets: [{ os: 'default', uri: input.eventUrl }],
            },
          ],
        }
      : {}),
  };
}
