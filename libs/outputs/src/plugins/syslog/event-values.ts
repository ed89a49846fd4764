import type { JsonValue } from '@aerie/contracts';
import type { DeliverableEvent } from '../../output.js';
import { memberText } from '../webhook/json-text.js';

/** An output field with its value as text; `text` is false for numbers, booleans and JSON. */
export interface FieldText {
  name: string;
  value: string;
  text: boolean;
}

/**
 * The event's output fields as texts, in Falco's order; null values (Falco's `<NA>`) are left
 * out. Integers beyond 2^53 (`evt.time` in ns) are cut from the stored JSON text, so they stay exact.
 */
export function fieldTexts(item: DeliverableEvent): FieldText[] {
  const fields = item.event.output_fields;
  let exact: string | undefined;
  const texts: FieldText[] = [];
  for (const [name, value] of Object.entries(fields)) {
    if (value === null) continue;
    if (typeof value === 'string') {
      texts.push({ name, value, text: true });
    } else if (
      typeof value === 'number' &&
      Number.isInteger(value) &&
      !Number.isSafeInteger(value)
    ) {
      exact ??= memberText(item.eventJson, 'output_fields') ?? '{}';
      texts.push({ name, value: memberText(exact, name) ?? String(value), text: false });
    } else {
      texts.push({ name, value: jsonText(value), text: false });
    }
  }
  return texts;
}

function jsonText(value: JsonValue): string {
  return typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : JSON.stringify(value);
}

/** The user an event is about: a process's user, else the Kubernetes API user. */
export function eventUser(item: DeliverableEvent): string | undefined {
  const fields = item.event.output_fields;
  for (const key of ['user.name', 'ka.user.name']) {
    const value = fields[key];
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}

/**
 * The link to each event of a batch. The engine renders a batch with the first event's link;
 * Aerie's links end with the event id, so the others are made by swapping it. A link that does
 * not end with it is left out rather than pointing at the wrong event.
 */
export function eventLink(
  eventUrl: string,
  events: readonly DeliverableEvent[],
  index: number,
): string | undefined {
  const first = events[0]?.event.id;
  const id = events[index]?.event.id;
  if (first === undefined || id === undefined) return undefined;
  if (index === 0) return eventUrl;
  return eventUrl.endsWith(first) ? `${eventUrl.slice(0, -first.length)}${id}` : undefined;
}

/** Aerie's and Falco's facts about an event, by name, null ones left out: the common metadata. */
export function eventFacts(
  item: DeliverableEvent,
  url: string | undefined,
): Array<[string, string]> {
  const e = item.event;
  const facts: Array<[string, string | null | undefined]> = [
    ['id', e.id],
    ['rule', e.rule],
    ['priority', e.priority],
    ['source', e.source],
    ['time', e.time],
    ['hostname', e.hostname],
    ['tags', e.tags.length > 0 ? e.tags.join(',') : null],
    ['cluster', e.cluster],
    ['namespace', e.namespace],
    ['workload', e.workload],
    ['pod', e.pod],
    ['image', e.container_image],
    ['boundary', e.boundary],
    ['fingerprint', e.fingerprint],
    ['group', e.group_id],
    ['url', url],
  ];
  return facts.filter((f): f is [string, string] => typeof f[1] === 'string' && f[1] !== '');
}
