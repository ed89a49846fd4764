import {
  SIEM_DEFAULT_LIMIT,
  SIEM_MAX_LIMIT,
  SiemAuditPageSchema,
  SiemConsumerSchema,
  SiemEventPageSchema,
  SiemMappedPageSchema,
  SiemStreamLineSchema,
} from '@aerie/contracts';
import { z } from 'zod';

/** The pull API's part of the OpenAPI document (apps/api/src/openapi/openapi.ts). */
export const SIEM_SCHEMAS = {
  SiemEventPage: SiemEventPageSchema,
  SiemMappedPage: SiemMappedPageSchema,
  SiemAuditPage: SiemAuditPageSchema,
  SiemStreamLine: SiemStreamLineSchema,
  SiemConsumerList: z.object({ items: z.array(SiemConsumerSchema) }),
};

const ref = (name: keyof typeof SIEM_SCHEMAS | 'Error') => ({
  $ref: `#/components/schemas/${name}`,
});
const error = (description: string) => ({
  description,
  content: { 'application/json': { schema: ref('Error') } },
});
const query = (name: string, description: string, schema: object = { type: 'string' }) => ({
  name,
  in: 'query',
  required: false,
  description,
  schema,
});
const SECURITY = [{ bearer: [] }, { session: [] }];
const RATE_HEADERS = {
  'X-RateLimit-Limit': {
    description: 'Requests the token may make at once (siem.rateLimit).',
    schema: { type: 'integer' },
  },
  'X-RateLimit-Remaining': { description: 'Requests left now.', schema: { type: 'integer' } },
  'X-RateLimit-Reset': {
    description: 'Seconds until the full budget is back.',
    schema: { type: 'integer' },
  },
};
const PAGE_HEADERS = {
  ...RATE_HEADERS,
  Link: {
    description:
      '`<…?cursor=…>; rel="next"`: the next page (absolute; from publicUrl when set). Always there while polling (no `until`), even on an empty page.',
    schema: { type: 'string' },
  },
  'X-Next-Cursor': {
    description: "The next page's cursor (as `next_cursor`).",
    schema: { type: 'string' },
  },
};
const ERRORS = {
  400: error('Invalid query parameter (named in `issues`), or a cursor this feed did not make.'),
  401: error('Not signed in and no token, or an invalid, expired or revoked one.'),
  429: {
    ...error('Over siem.rateLimit for this token (or too many open streams); see Retry-After.'),
    headers: { 'Retry-After': { schema: { type: 'integer' } }, ...RATE_HEADERS },
  },
};
const POSITION = [
  query(
    'cursor',
    "Opaque: the `next_cursor` (or a stream line's `cursor`) to continue after. Without it: after the consumer's checkpoint, else from the oldest event.",
  ),
  query(
    'consumer',
    'A named consumer (`siem-prod`): without `cursor`, the read starts at its checkpoint; a `cursor` sent with it acknowledges everything before it (at-least-once).',
  ),
];
const LIMIT = query('limit', `Page size, 1–${SIEM_MAX_LIMIT} (default ${SIEM_DEFAULT_LIMIT}).`, {
  type: 'integer',
  minimum: 1,
  maximum: SIEM_MAX_LIMIT,
});
const FORMAT = query(
  'format',
  '`aerie` (default: as GET /api/v1/events), `ecs` (Elastic Common Schema 8.11) or `ocsf` (OCSF 1.3 Detection Finding, class_uid 2004).',
  { type: 'string', enum: ['aerie', 'ecs', 'ocsf'] },
);
const pageContent = (schema: object) => ({
  'application/json': { schema },
  'application/x-ndjson': {
    schema: {
      type: 'string',
      description: 'With `Accept: application/x-ndjson`: one item per line.',
    },
  },
});

/** `filters`: the query API's filter parameters (priority, rule, …, since, until, q, field[…]). */
export function siemPaths(filters: readonly object[]): Record<string, object> {
  return {
    '/api/v1/siem/events': {
      get: {
        summary:
          'SIEM pull: events in commit order after an opaque cursor; never skips or repeats one (siem:read)',
        description:
          'Follow `next_cursor` (or the `Link` header) forever: while polling (no `until`) a page always names the next one; `has_more: false` means caught up. With `until`, `next_cursor` is null once the export is complete. Gzip with `Accept-Encoding: gzip`. docs/siem.md.',
        security: SECURITY,
        parameters: [...filters, ...POSITION, LIMIT, FORMAT],
        responses: {
          200: {
            description:
              "A page of the reader's events (ECS documents or OCSF findings with `format`).",
            headers: PAGE_HEADERS,
            content: pageContent({ oneOf: [ref('SiemEventPage'), ref('SiemMappedPage')] }),
          },
          ...ERRORS,
          403: error('The token lacks siem:read.'),
        },
      },
    },
    '/api/v1/siem/stream': {
      get: {
        summary:
          'SIEM pull: a long-lived NDJSON stream of events from a cursor, with heartbeats (siem:read)',
        description:
          'Every line carries the cursor to resume right after it (here or on /siem/events): `{cursor, event}`, `{cursor, heartbeat}` (at the start and after `heartbeat` without a line), `{cursor, error}` (then the stream ends). At most siem.maxStreams open streams per token.',
        security: SECURITY,
        parameters: [
          ...filters.filter((f) => (f as { name: string }).name !== 'until'),
          ...POSITION,
          FORMAT,
          query('heartbeat', 'Heartbeat period, 1s–5m (default 15s).'),
        ],
        responses: {
          200: {
            description: 'NDJSON lines until the client disconnects or Aerie stops.',
            headers: RATE_HEADERS,
            content: { 'application/x-ndjson': { schema: ref('SiemStreamLine') } },
          },
          ...ERRORS,
          403: error('The token lacks siem:read.'),
        },
      },
    },
    '/api/v1/siem/audit': {
      get: {
        summary:
          'SIEM pull: the audit trail oldest first, through the same cursor contract (admin)',
        security: SECURITY,
        parameters: [
          query('actor', "Only this actor's entries (exact), e.g. `user:alice`."),
          query('action', 'Only this action (exact), e.g. `token.create`.'),
          ...POSITION,
          LIMIT,
        ],
        responses: {
          200: {
            description: 'A page of audit entries.',
            headers: PAGE_HEADERS,
            content: pageContent(ref('SiemAuditPage')),
          },
          ...ERRORS,
          403: error('Not an admin (role, or token scope).'),
        },
      },
    },
    '/api/v1/siem/consumers': {
      get: {
        summary: "The caller's named consumers and their checkpoints",
        security: SECURITY,
        responses: {
          200: {
            description: 'Consumers of this token (or user).',
            content: { 'application/json': { schema: ref('SiemConsumerList') } },
          },
          ...ERRORS,
        },
      },
    },
    '/api/v1/siem/consumers/{feed}/{name}': {
      delete: {
        summary: "Forget a consumer's checkpoint: its next read starts from the oldest event",
        security: SECURITY,
        parameters: [
          {
            name: 'feed',
            in: 'path',
            required: true,
            schema: { type: 'string', enum: ['events', 'audit'] },
          },
          { name: 'name', in: 'path', required: true, schema: { type: 'string' } },
        ],
        responses: {
          204: { description: 'Forgotten.' },
          404: error('The caller has no such consumer.'),
          ...ERRORS,
        },
      },
    },
  };
}
