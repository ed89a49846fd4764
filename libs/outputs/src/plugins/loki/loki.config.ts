import { z } from 'zod';
import { headersSchema } from '../webhook/http-headers.js';

/**
 * Event attributes that may become stream labels: each has a small, bounded set of values across
 * a fleet. Per-event values (ids, pods, hosts that churn with autoscaling, field values) never
 * become labels: every distinct label set is a Loki stream, and Loki degrades with many
 * (`max_global_streams_per_user` 5000 by default).
 */
export const EVENT_LABELS = [
  'source',
  'priority',
  'cluster',
  'boundary',
  'namespace',
  'rule',
] as const;
export type EventLabel = (typeof EVENT_LABELS)[number];

/** Labels whose value every event has (a stream needs at least one label). */
const ALWAYS_SET: readonly EventLabel[] = ['source', 'priority', 'boundary', 'rule'];

/** Loki's default `max_label_names_per_series`. */
export const MAX_LABEL_NAMES = 15;
/** Loki's default `max_label_value_length` (bytes). */
export const MAX_LABEL_VALUE_BYTES = 2048;

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** A Loki tenant id (`X-Scope-OrgID`): Loki's allowed characters, at most 150 bytes, not `.`/`..`. */
const TENANT = /^[A-Za-z0-9!\-_.*'()]{1,150}$/;

export const LokiConfigSchema = z
  .object({
    url: z
      .url({ protocol: /^https?$/ })
      .describe(
        'Loki base URL, e.g. `http://loki:3100` or Grafana Cloud `https://logs-prod-eu-west-0.grafana.net` (Falcosidekick `hostport`).',
      ),
    endpoint: z
      .string()
      .startsWith('/')
      .default('/loki/api/v1/push')
      .describe('Path of the push API on that host (Falcosidekick `endpoint`).'),
    tenant: z
      .string()
      .regex(TENANT, "must be a Loki tenant id: letters, digits and !-_.*'(), at most 150")
      .refine((t) => t !== '.' && t !== '..', 'may not be . or ..')
      .optional()
      .describe('Sent as `X-Scope-OrgID` to a multi-tenant Loki (Falcosidekick `tenant`).'),
    username: z
      .string()
      .min(1)
      .regex(/^[^:\r\n]*$/, 'may not contain ":" or line breaks')
      .optional()
      .describe('Basic auth user, e.g. the Grafana Cloud Logs user id (Falcosidekick `user`).'),
    password: z
      .string()
      .min(1)
      .optional()
      .describe('Basic auth password or API token (Falcosidekick `apikey`; a secret).'),
    bearerToken: z
      .string()
      .min(1)
      .regex(/^[^\r\n]*$/, 'may not contain line breaks')
      .optional()
      .describe('Sent as `Authorization: Bearer …`; wins over basic auth (a secret).'),
    labels: z
      .array(z.enum(EVENT_LABELS))
      .refine((l) => new Set(l).size === l.length, 'lists a label twice')
      .default(['source', 'priority', 'cluster', 'boundary'])
      .describe(
        'Event attributes sent as stream labels (bounded sets only; `namespace` and `rule` multiply the streams). An event without a cluster or namespace has no such label.',
      ),
    staticLabels: z
      .record(
        z
          .string()
          .regex(LABEL_NAME, 'must match [a-zA-Z_][a-zA-Z0-9_]*')
          .refine((n) => !n.startsWith('__'), 'may not start with __ (reserved by Loki)'),
        z
          .string()
          .min(1)
          .refine((v) => Buffer.byteLength(v) <= MAX_LABEL_VALUE_BYTES, 'is over 2048 bytes'),
      )
      .default({})
      .describe('Labels with a fixed value added to every stream, e.g. `{"env": "prod"}`.'),
    structuredMetadata: z
      .boolean()
      .default(false)
      .describe(
        'Attach per-event values (event id, hostname, namespace, pod, workload, rule) as Loki structured metadata: queryable without being labels. Needs Loki 3 (or 2.9 with allow_structured_metadata).',
      ),
    line: z
      .enum(['event', 'falco', 'output'])
      .default('event')
      .describe(
        "The log line: `event` Aerie's stored event as JSON, `falco` the payload as Falco sent it (Falcosidekick `format: json`), `output` Falco's output text (Falcosidekick `format: text`).",
      ),
    maxLineBytes: z
      .number()
      .int()
      .min(4096)
      .default(256_000)
      .describe(
        "Longest line to send (Loki's `max_line_size`, 256KB by default): longer events are shortened, never refused.",
      ),
    gzip: z.boolean().default(false).describe('Compress requests with gzip (Loki accepts it).'),
    headers: headersSchema(['content-type', 'content-encoding', 'authorization', 'x-scope-orgid']),
  })
  .superRefine((c, ctx) => {
    if (c.password !== undefined && c.username === undefined) {
      ctx.addIssue({ code: 'custom', path: ['username'], message: 'is required with a password' });
    }
    const clash = c.labels.find((l) => l in c.staticLabels);
    if (clash !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['staticLabels', clash],
        message: 'is already an event label',
      });
    }
    if (c.labels.length + Object.keys(c.staticLabels).length > MAX_LABEL_NAMES) {
      ctx.addIssue({
        code: 'custom',
        path: ['staticLabels'],
        message: `more than ${MAX_LABEL_NAMES} labels in all (Loki's max_label_names_per_series)`,
      });
    }
    if (!c.labels.some((l) => ALWAYS_SET.includes(l)) && Object.keys(c.staticLabels).length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['labels'],
        message: `needs one of ${ALWAYS_SET.join(', ')} or a static label (every stream needs a label)`,
      });
    }
  });
export type LokiConfig = z.infer<typeof LokiConfigSchema>;

export function lokiPushUrl(config: LokiConfig): string {
  return `${config.url.replace(/\/+$/, '')}${config.endpoint}`;
}
