import type { Priority } from '@aerie/contracts';
import type { DeliverableEvent } from '../../output.js';
import { truncate } from '../webhook/text.js';
import { eventUser, fieldTexts, type FieldText } from './event-values.js';
import { cut } from './fit.js';

/**
 * ArcSight Common Event Format (CEF:0). Vendor, product and version are Falcosidekick's, so
 * SIEM content written for its CEF keeps matching.
 */
const VENDOR = 'Falcosecurity';
const PRODUCT = 'Falco';
const VERSION = '1.0';

/** Falcosidekick's map of Falco priorities to CEF severity (0–10). */
const SEVERITY: Readonly<Record<Priority, number>> = {
  Emergency: 10,
  Alert: 9,
  Critical: 8,
  Error: 7,
  Warning: 6,
  Notice: 4,
  Informational: 3,
  Debug: 0,
};

export function cefSeverity(priority: Priority): number {
  return SEVERITY[priority];
}

/** A header field: `\` and `|` escaped with `\`; line breaks (not allowed there) become spaces. */
export function cefHeaderValue(value: string): string {
  return value.replace(/\r\n|[\r\n]/g, ' ').replace(/[\\|]/g, (c) => `\\${c}`);
}

/** An extension value: `\` and `=` escaped, line breaks as `\n` / `\r`; `|` stays as it is. */
export function cefExtensionValue(value: string): string {
  return value.replace(/[\\=\r\n]/g, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : `\\${c}`));
}

/** `key=value` pairs separated by spaces; keys are fixed dictionary names. */
export function cefExtension(pairs: ReadonlyArray<readonly [string, string]>): string {
  return pairs.map(([key, value]) => `${key}=${cefExtensionValue(value)}`).join(' ');
}

/** The output fields as one JSON object text (exact numbers), long strings cut to `limit`. */
export function fieldsJson(fields: readonly FieldText[], limit: number): string {
  const members = fields.map(
    (f) => `${JSON.stringify(f.name)}:${f.text ? JSON.stringify(cut(f.value, limit)) : f.value}`,
  );
  return `{${members.join(',')}}`;
}

/**
 * One event as CEF. Extension keys are from the ArcSight dictionary: `rt` (event time, epoch ms)
 * first, `dvchost` the Falco host, `externalId` Aerie's event id, `cat` the Falco source, the
 * process's user, name, pid and file when Falco gave them, labelled custom strings `cs1`–`cs6`
 * (tags, cluster, namespace, boundary, link, all output fields as JSON) and `msg` Falco's output.
 */
export function renderCef(item: DeliverableEvent, url: string | undefined, limit: number): string {
  const e = item.event;
  const name = cefHeaderValue(truncate(e.rule, 512));
  const header = `CEF:0|${VENDOR}|${PRODUCT}|${VERSION}|${name}|${name}|${SEVERITY[e.priority]}|`;
  const fields = fieldTexts(item);
  const field = (key: string) => fields.find((f) => f.name === key)?.value;
  const rt = Date.parse(e.time);
  const file = field('fd.name');
  const pairs: Array<readonly [string, string | undefined]> = [
    ['rt', Number.isNaN(rt) ? undefined : String(rt)],
    ['dvchost', e.hostname ?? undefined],
    ['externalId', e.id],
    ['cat', e.source],
    ['suser', eventUser(item)],
    ['sproc', field('proc.name')],
    ['spid', field('proc.pid')],
    ['filePath', file?.startsWith('/') ? file : undefined],
    ...labelled('cs1', 'tags', e.tags.length > 0 ? e.tags.join(',') : undefined),
    ...labelled('cs2', 'cluster', e.cluster),
    ...labelled('cs3', 'namespace', e.namespace),
    ...labelled('cs4', 'boundary', e.boundary),
    ...labelled('cs5', 'eventUrl', url),
    ...labelled(
      'cs6',
      'outputFields',
      fields.length > 0 && limit > 0 ? fieldsJson(fields, limit) : undefined,
    ),
    // Only free text is cut to fit (here and in cs6): ids, times and links stay whole.
    ['msg', e.output === null ? undefined : cut(e.output, limit)],
  ];
  return `${header}${cefExtension(pairs.filter((p): p is readonly [string, string] => !!p[1]))}`;
}

function labelled(
  key: string,
  label: string,
  value: string | null | undefined,
): Array<readonly [string, string | undefined]> {
  return value
    ? [
        [`${key}Label`, label],
        [key, value],
      ]
    : [];
}
