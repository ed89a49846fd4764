import { z } from 'zod';

/** RFC 5424 §6.2.1 facilities, in code order (the index is the facility number). */
export const FACILITIES = [
  'kern',
  'user',
  'mail',
  'daemon',
  'auth',
  'syslog',
  'lpr',
  'news',
  'uucp',
  'cron',
  'authpriv',
  'ftp',
  'ntp',
  'audit',
  'alert',
  'clock',
  'local0',
  'local1',
  'local2',
  'local3',
  'local4',
  'local5',
  'local6',
  'local7',
] as const;
export type Facility = (typeof FACILITIES)[number];

/**
 * RFC 5612's documentation number. Aerie has no IANA Private Enterprise Number of its own, so its
 * SD-IDs (`falco@32473`) use this one unless an organisation sets its own PEN.
 */
export const DOCUMENTATION_PEN = '32473';

/** The largest UDP payload over IPv4: a message longer than this cannot be sent as one datagram. */
const MAX_UDP_MESSAGE = 65_507;

export const SyslogConfigSchema = z
  .object({
    host: z
      .string()
      .regex(/^[A-Za-z0-9._:-]{1,253}$/, 'must be a host name or an IP address')
      .describe('The syslog receiver: a host name or an IP address (Falcosidekick `host`).'),
    port: z
      .number()
      .int()
      .min(1)
      .max(65_535)
      .optional()
      .describe('Its port; 514 for UDP and TCP, 6514 for TLS when not set (Falcosidekick `port`).'),
    protocol: z
      .enum(['udp', 'tcp', 'tls'])
      .default('tcp')
      .describe(
        'UDP (RFC 5426: no delivery guarantee), TCP (RFC 6587) or TLS (RFC 5425; CA and client certificate in the delivery settings).',
      ),
    framing: z
      .enum(['octet-counting', 'lf'])
      .default('octet-counting')
      .describe(
        'TCP and TLS: octet counting (`<length> <message>`, RFC 6587 §3.4.1, required by RFC 5425) or a line feed after each message (legacy receivers; line breaks inside a message become spaces).',
      ),
    format: z
      .enum(['rfc5424', 'json', 'cef', 'leef'])
      .default('rfc5424')
      .describe(
        'The message: `rfc5424` (Falco output as MSG, event and output fields as structured data), `json` (the event as JSON, Falcosidekick `json`), `cef` (ArcSight CEF, Falcosidekick `cef`) or `leef` (QRadar LEEF 2.0).',
      ),
    header: z
      .enum(['rfc5424', 'rfc3164'])
      .default('rfc5424')
      .describe(
        'The syslog header: RFC 5424, or the BSD header of RFC 3164 for receivers that only parse that one (Wazuh, Falcosidekick); not with format `rfc5424`.',
      ),
    facility: z
      .enum(FACILITIES)
      .default('local0')
      .describe(
        'The syslog facility (`local0` is 16); the severity comes from the Falco priority.',
      ),
    appName: z
      .string()
      .regex(/^[!-~]{1,48}$/, 'must be 1–48 printable ASCII characters without spaces')
      .default('falco')
      .describe('APP-NAME (RFC 5424) or TAG (RFC 3164) of every message.'),
    hostname: z
      .string()
      .regex(/^[!-~]{1,255}$/, 'must be 1–255 printable ASCII characters without spaces')
      .optional()
      .describe("HOSTNAME of every message; by default the event's Falco host."),
    enterpriseNumber: z
      .string()
      .regex(/^[1-9][0-9]*(\.[0-9]+)*$/, 'must be a Private Enterprise Number such as 32473')
      .max(20)
      .default(DOCUMENTATION_PEN)
      .describe(
        'The IANA Private Enterprise Number in the structured data IDs (`falco@<number>`); 32473 is the documentation number of RFC 5612.',
      ),
    maxMessageBytes: z
      .number()
      .int()
      .min(2048)
      .max(1_048_576)
      .default(8192)
      .describe(
        "Longest message in bytes (at least 2048, which RFC 5424 receivers should accept); longer values are cut to fit. rsyslog's default limit is 8 KiB, syslog-ng's 64 KiB.",
      ),
  })
  .superRefine((c, ctx) => {
    if (c.format === 'rfc5424' && c.header === 'rfc3164') {
      ctx.addIssue({
        code: 'custom',
        path: ['header'],
        message: 'must be rfc5424 with format rfc5424: structured data needs the RFC 5424 header',
      });
    }
    if (c.protocol === 'udp' && c.maxMessageBytes > MAX_UDP_MESSAGE) {
      ctx.addIssue({
        code: 'custom',
        path: ['maxMessageBytes'],
        message: `must be at most ${MAX_UDP_MESSAGE} over UDP (one datagram)`,
      });
    }
  });
export type SyslogConfig = z.infer<typeof SyslogConfigSchema>;

export function facilityCode(facility: Facility): number {
  return FACILITIES.indexOf(facility);
}

export function defaultPort(protocol: SyslogConfig['protocol']): number {
  return protocol === 'tls' ? 6514 : 514;
}
