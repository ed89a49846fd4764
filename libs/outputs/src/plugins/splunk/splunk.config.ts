import { createHash } from 'node:crypto';
import { z } from 'zod';
import { headersSchema } from '../webhook/http-headers.js';

/** HEC's JSON endpoints (NOTES.md §4); `/raw` takes lines, not these envelopes. */
const COLLECTOR_PATH = /\/services\/collector(?:\/event(?:\/1\.0)?)?\/?$/;
const DEFAULT_PATH = '/services/collector/event';
/** Splunk's rule for index names: lower-case letters, digits, `_` and `-`, not first `_`/`-`. */
const INDEX_NAME = /^[a-z0-9][a-z0-9_-]*$/;
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export const SplunkConfigSchema = z
  .object({
    url: z
      .url({ protocol: /^https?$/ })
      .refine(
        (u) => !URL.canParse(u) || !/\/services\/collector\/raw\b/.test(new URL(u).pathname),
        {
          message: 'must be the JSON event endpoint, not /services/collector/raw',
        },
      )
      .describe(
        'The HEC endpoint (Falcosidekick `splunk.host`), e.g. `https://splunk.example.com:8088/services/collector/event`; a URL without a path gets `/services/collector/event`.',
      ),
    token: z
      .string()
      .regex(/^[\x21-\x7e]+$/, 'must be the HEC token (printable ASCII, no spaces)')
      .describe(
        'The HTTP Event Collector token, sent as `Authorization: Splunk <token>` (a secret).',
      ),
    index: z
      .string()
      .regex(INDEX_NAME, 'must be a Splunk index name: a-z, 0-9, _ and -, not starting with _ or -')
      .optional()
      .describe("The index to write to (one the token allows); unset: the token's default index."),
    source: z.string().min(1).default('aerie').describe('The `source` of every event in Splunk.'),
    sourcetype: z
      .string()
      .min(1)
      .default('aerie:event')
      .describe(
        'The `sourcetype` of every event; `_json` also makes Splunk index every JSON field (indexed extractions).',
      ),
    host: z
      .string()
      .min(1)
      .optional()
      .describe(
        "A fixed `host` for every event; unset: the event's hostname (the Falco node), or the token's default when it has none.",
      ),
    payload: z
      .enum(['event', 'falco'])
      .default('event')
      .describe(
        "What `event` holds: `event`, Aerie's stored event (normalized fields); `falco`, the payload as Falco sent it.",
      ),
    gzip: z
      .boolean()
      .default(true)
      .describe('Compress request bodies (`Content-Encoding: gzip`, which HEC accepts).'),
    ack: z
      .boolean()
      .default(false)
      .describe(
        'The token has indexer acknowledgement on: requests carry a channel (`X-Splunk-Request-Channel`), which such a token requires.',
      ),
    channel: z
      .string()
      .regex(GUID, 'must be a GUID')
      .optional()
      .describe(
        'The HEC channel (a GUID) for indexer acknowledgement; unset: one derived from the URL, index, source and sourcetype.',
      ),
    headers: headersSchema([
      'authorization',
      'content-type',
      'content-encoding',
      'x-splunk-request-channel',
    ]),
  })
  .refine((c) => !c.ack || ackUrlOf(c.url) !== undefined, {
    path: ['url'],
    message:
      'with ack, must end in /services/collector, /services/collector/event or /services/collector/event/1.0 (the ack endpoint is found beside it)',
  });
export type SplunkConfig = z.infer<typeof SplunkConfigSchema>;

/** Where events are posted: the URL as given, or `/services/collector/event` on a bare host. */
export function eventUrl(config: Pick<SplunkConfig, 'url'>): string {
  const url = new URL(config.url);
  if (url.pathname === '/' || url.pathname === '') url.pathname = DEFAULT_PATH;
  return url.toString();
}

/** `/services/collector/ack` beside the event endpoint; undefined when there is none to find. */
export function ackUrlOf(configured: string): string | undefined {
  if (!URL.canParse(configured)) return undefined;
  const url = new URL(configured);
  if (url.pathname === '/' || url.pathname === '') url.pathname = DEFAULT_PATH;
  if (!COLLECTOR_PATH.test(url.pathname)) return undefined;
  url.pathname = url.pathname.replace(COLLECTOR_PATH, '/services/collector/ack');
  return url.toString();
}

/**
 * The channel for indexer acknowledgement: the configured one, else a GUID derived from settings
 * that are not secret, so that every attempt and every replica uses the same channel (render is
 * pure) and the token never leaks into a header, even hashed.
 */
export function channelOf(config: SplunkConfig): string {
  if (config.channel) return config.channel.toLowerCase();
  const hex = createHash('sha256')
    .update(
      [
        'aerie-splunk-channel',
        eventUrl(config),
        config.index ?? '',
        config.source,
        config.sourcetype,
      ].join('\0'),
    )
    .digest('hex');
  // RFC 9562 layout, version 8 (custom), variant 10.
  const variant = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
