import type { DisplayField } from '../slack/event-fields.js';
import { truncate } from '../slack/truncate.js';

/**
 * Teams renders a markdown subset in card text and facts. Event values come from whoever caused
 * the event, so a markdown link (`[docs](https://evil)`) would hide where it points: a zero-width
 * space between `]` and `(` keeps the text readable and the link inert. Bare URLs stay visible.
 */
export function inertMarkdown(text: string): string {
  return text.replace(/\]\(/g, ']\u200b(');
}

/** A value made inert and cut to `max` UTF-16 units. */
export function cardText(text: string, max: number): string {
  return truncate(inertMarkdown(text), max);
}

const FACT_NAME_MAX = 200;

/** Names and values made inert and cut once per render, not once per size attempt. */
export function cardFacts(fields: readonly DisplayField[], valueMax: number): DisplayField[] {
  return fields.map((f) => ({
    name: cardText(f.name, FACT_NAME_MAX),
    value: cardText(f.value, valueMax),
  }));
}
