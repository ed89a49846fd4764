import type { JsonValue, StoredEventDetail } from '@aerie/contracts';

/** A name and its value as text, ready for a chat message (still unescaped). */
export interface DisplayField {
  name: string;
  value: string;
}

/**
 * The output fields worth showing, sorted by name. Unlike Falcosidekick, numbers and booleans are
 * shown (`user.uid=0` matters in an alert); null (Falco's `<NA>`) and empty values are not, and
 * `evt.time` is left out because the message shows the event time already.
 * Shared by the chat outputs (Slack, Teams).
 */
export function displayFields(fields: Readonly<Record<string, JsonValue>>): DisplayField[] {
  const shown: DisplayField[] = [];
  for (const name of Object.keys(fields).sort()) {
    if (name === 'evt.time') continue;
    const value = fieldText(fields[name] ?? null);
    if (value !== undefined) shown.push({ name, value });
  }
  return shown;
}

/** The key facts of an event (Aerie's normalized columns), in reading order, absent ones skipped. */
export function summaryFields(event: StoredEventDetail): DisplayField[] {
  const candidates: [string, string | null][] = [
    ['Priority', event.priority],
    ['Source', event.source],
    ['Hostname', event.hostname],
    ['Cluster', event.cluster],
    ['Namespace', event.namespace],
    ['Pod', event.pod],
    ['Image', event.container_image],
    ['Tags', event.tags.length > 0 ? event.tags.join(', ') : null],
  ];
  return candidates.flatMap(([name, value]) => (value ? [{ name, value }] : []));
}

function fieldText(value: JsonValue): string | undefined {
  if (value === null || value === '') return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    const items = value.flatMap((v) => fieldText(v) ?? []);
    return items.length > 0 ? items.join(', ') : undefined;
  }
  return JSON.stringify(value);
}
