import type { DeliverableEvent, RenderContext, SocketTarget } from '../../output.js';
import { renderCef } from './cef.format.js';
import { eventFacts, eventLink, fieldTexts } from './event-values.js';
import { cut, fitMessage } from './fit.js';
import { cutJsonStrings, withoutOutputFields } from './json-cut.js';
import { renderLeef } from './leef.format.js';
import { paramName, sdElement, structuredData } from './structured-data.js';
import { defaultPort, facilityCode, type SyslogConfig } from './syslog.config.js';
import { rfc3164Header, rfc5424Header, type HeaderFields } from './syslog-header.js';

/** Where the engine sends: TCP and TLS framed as configured (UDP sends one datagram per message). */
export function syslogTarget(config: SyslogConfig): SocketTarget {
  return {
    protocol: config.protocol,
    host: config.host,
    port: config.port ?? defaultPort(config.protocol),
    framing: config.framing,
  };
}

/** One unframed message per event, in order. */
export function renderSyslog(
  events: readonly DeliverableEvent[],
  config: SyslogConfig,
  ctx: RenderContext,
): string[] {
  return events.map((item, i) =>
    renderMessage(item, config, ctx, eventLink(ctx.eventUrl, events, i)),
  );
}

/** The SD-IDs, under the configured Private Enterprise Number. */
export function sdIds(config: Pick<SyslogConfig, 'enterpriseNumber'>): {
  event: string;
  fields: string;
} {
  return {
    event: `falco@${config.enterpriseNumber}`,
    fields: `falcoFields@${config.enterpriseNumber}`,
  };
}

/**
 * One event as a syslog message, within `maxMessageBytes` (free text is cut to fit). With LF
 * framing a line break would end the message early (or forge a second one), so line breaks
 * become spaces; the other transports keep them.
 */
export function renderMessage(
  item: DeliverableEvent,
  config: SyslogConfig,
  ctx: RenderContext,
  url: string | undefined,
): string {
  const e = item.event;
  const fields: HeaderFields = {
    facility: facilityCode(config.facility),
    priority: e.priority,
    time: e.time,
    hostname: config.hostname ?? e.hostname,
    appName: config.appName,
    msgId: e.source,
    now: ctx.now,
  };
  const bsd = config.header === 'rfc3164';
  const header = bsd ? rfc3164Header(fields) : rfc5424Header(fields);
  const ids = sdIds(config);
  const facts = sdElement(ids.event, eventFacts(item, url));
  // JSON, CEF and LEEF after an RFC 5424 header: structured data first (the facts for JSON; none
  // for CEF and LEEF, whose text carries them). A BSD header is followed by the text directly.
  const before = bsd ? '' : config.format === 'json' ? `${facts} ` : '- ';
  const body = (limit: number): string => {
    switch (config.format) {
      case 'rfc5424': {
        const sd = structuredData([facts, sdElement(ids.fields, fieldParams(item, limit))]);
        const msg = cut(e.output ?? '', limit);
        return msg === '' ? sd : `${sd} ${msg}`;
      }
      case 'json': {
        const json = item.eventJson;
        return `${before}${limit === 0 ? withoutOutputFields(json) : cutJsonStrings(json, limit)}`;
      }
      case 'cef':
        return `${before}${renderCef(item, url, limit)}`;
      case 'leef':
        return `${before}${renderLeef(item, url, limit)}`;
    }
  };
  const message = fitMessage((limit) => `${header} ${body(limit)}`, config.maxMessageBytes);
  const lf = config.protocol !== 'udp' && config.framing === 'lf';
  return lf ? message.replace(/\r\n|[\r\n]/g, ' ') : message;
}

/** The output fields as SD-PARAMs: names made valid (see `paramName`), text values cut to `limit`. */
function fieldParams(item: DeliverableEvent, limit: number): Array<[string, string]> {
  if (limit === 0) return [];
  const used = new Set<string>();
  return fieldTexts(item).map((f) => {
    const name = paramName(f.name, used);
    used.add(name);
    return [name, f.text ? cut(f.value, limit) : f.value];
  });
}
