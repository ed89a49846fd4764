import type { Priority } from '@aerie/contracts';
import type { DeliverableEvent } from '../../output.js';
import { truncate } from '../webhook/text.js';
import { cefHeaderValue } from './cef.format.js';
import { eventFacts, eventUser, fieldTexts } from './event-values.js';
import { cut } from './fit.js';

/** LEEF `sev` is 1–10: the CEF map with Debug raised to 1. */
const SEVERITY: Readonly<Record<Priority, number>> = {
  Emergency: 10,
  Alert: 9,
  Critical: 8,
  Error: 7,
  Warning: 6,
  Notice: 4,
  Informational: 3,
  Debug: 1,
};

export function leefSeverity(priority: Priority): number {
  return SEVERITY[priority];
}

/** The attribute delimiter: a tab, written in the LEEF 2.0 header as hex (`x09`). */
const DELIMITER = '\t';

/** `devTime` as written, in Java SimpleDateFormat terms for QRadar. */
export const DEV_TIME_FORMAT = "yyyy-MM-dd'T'HH:mm:ss.SSSX";

/**
 * An attribute value. LEEF defines no escaping and forbids the delimiter in values; so that every
 * value can still be read back exactly, `\` is doubled and tab, LF and CR are written `\t`, `\n`,
 * `\r`. `=` needs nothing: a value runs from the first `=` after its key to the next tab.
 */
export function leefValue(value: string): string {
  return value.replace(/[\\\t\n\r]/g, (c) =>
    c === '\t' ? '\\t' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\\\',
  );
}

/**
 * An attribute key from a Falco field name: letters, digits, `_`, `.` and `-` only, which every
 * LEEF and key=value parser takes (`proc.aname[2]` → `proc.aname_2`,
 * `jevt.value[/user/username]` → `jevt.value__user_username`). A key already used gets `_2`, `_3`….
 */
export function leefKey(field: string, used: ReadonlySet<string>): string {
  const key =
    field
      .replace(/\[/g, '_')
      .replace(/\]/g, '')
      .replace(/[^A-Za-z0-9_.-]/g, '_') || '_';
  if (!used.has(key)) return key;
  let n = 2;
  while (used.has(`${key}_${n}`)) n++;
  return `${key}_${n}`;
}

/**
 * One event as LEEF 2.0: the Falco rule as EventID; `devTime`, `sev`, `cat` (the Falco source)
 * and `usrName` from QRadar's predefined attributes; Aerie's facts about the event (`eventUrl`
 * for its link: `url` is a predefined key); `msg` Falco's output; then every output field.
 */
export function renderLeef(item: DeliverableEvent, url: string | undefined, limit: number): string {
  const e = item.event;
  const header = `LEEF:2.0|Falcosecurity|Falco|1.0|${cefHeaderValue(truncate(e.rule, 255))}|x09|`;
  const ms = Date.parse(e.time);
  const attributes: Array<readonly [string, string | undefined]> = [
    ['devTime', Number.isNaN(ms) ? undefined : new Date(ms).toISOString()],
    ['devTimeFormat', Number.isNaN(ms) ? undefined : DEV_TIME_FORMAT],
    ['sev', String(SEVERITY[e.priority])],
    ['cat', e.source],
    ['usrName', eventUser(item)],
    ...eventFacts(item, url).map(([k, v]) => [k === 'url' ? 'eventUrl' : k, v] as const),
    ['msg', e.output ?? undefined],
  ];
  const used = new Set<string>();
  const pairs: string[] = [];
  const add = (key: string, value: string) => {
    used.add(key);
    pairs.push(`${key}=${leefValue(value)}`);
  };
  for (const [key, value] of attributes) {
    // Only free text is cut to fit: ids, times and links stay whole.
    const text = key === 'msg' ? cut(value ?? '', limit) : value;
    if (text !== undefined && text !== '') add(key, text);
  }
  for (const f of limit === 0 ? [] : fieldTexts(item)) {
    add(leefKey(f.name, used), f.text ? cut(f.value, limit) : f.value);
  }
  return `${header}${pairs.join(DELIMITER)}`;
}
