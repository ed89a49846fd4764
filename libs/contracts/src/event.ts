import { z } from 'zod';
import { BoundarySchema } from './boundary.js';
import { PrioritySchema } from './priority.js';
import { GroupStatusSchema } from './triage-status.js';

/** Any JSON value. Integers beyond 2^53 arrive exactly as sent (the API emits JSON built by Postgres). */
export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export const JsonValueSchema: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(JsonValueSchema),
    z.record(z.string(), JsonValueSchema),
  ]),
);

/**
 * A stored event as the API returns it: Falco's own fields (`time`, `priority`, `rule`, `output`,
 * `output_fields`, `source`, `tags`, `hostname`) beside Aerie's.
 */
export const StoredEventSchema = z.object({
  id: z.uuid(),
  seq: z.number().int().positive(),
  received_at: z.string().describe('When Aerie received the event (RFC 3339, UTC).'),
  time: z.string().describe('The event time exactly as the detector sent it (RFC 3339, ns).'),
  priority: PrioritySchema,
  rule: z.string(),
  output: z.string().nullable(),
  output_fields: z.record(z.string(), JsonValueSchema),
  source: z.string(),
  tags: z.array(z.string()),
  hostname: z.string().nullable(),
  cluster: z.string().nullable(),
  namespace: z.string().nullable(),
  workload: z.string().nullable(),
  pod: z.string().nullable(),
  container_image: z.string().nullable(),
  boundary: BoundarySchema,
  fingerprint: z.string(),
  group_id: z.uuid(),
});
export type StoredEvent = z.infer<typeof StoredEventSchema>;

/** `GET /api/v1/events/{id}` adds the payload exactly as received (unknown keys included). */
export const StoredEventDetailSchema = StoredEventSchema.extend({
  raw: z.record(z.string(), JsonValueSchema),
});
export type StoredEventDetail = z.infer<typeof StoredEventDetailSchema>;

export const AlertGroupSchema = z.object({
  id: z.uuid(),
  fingerprint: z.string(),
  rule: z.string(),
  source: z.string(),
  cluster: z.string().nullable(),
  namespace: z.string().nullable(),
  workload: z.string().nullable(),
  hostname: z.string().nullable(),
  boundary: BoundarySchema,
  priority: PrioritySchema.describe('The most severe priority among the matching events.'),
  count: z.number().int().nonnegative().describe('Matching events in this group.'),
  first_seen: z.string(),
  last_seen: z.string(),
  status: GroupStatusSchema,
  assignee: z.string().nullable().describe('Username of the analyst who owns the group.'),
  status_changed_at: z
    .string()
    .nullable()
    .describe('When the status last changed (by a person, or by a reopening event).'),
  comment_count: z.number().int().nonnegative(),
});
export type AlertGroup = z.infer<typeof AlertGroupSchema>;

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    next_cursor: z.string().nullable(),
  });
}
export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

/** Answer to a single ingest (`POST /`, `POST /test`). */
export const IngestAckSchema = z.object({ id: z.uuid(), seq: z.number().int().positive() });
export type IngestAck = z.infer<typeof IngestAckSchema>;

/** Answer to `POST /api/v1/events`: what was stored, and why each rejected item was rejected. */
export const BatchIngestResultSchema = z.object({
  accepted: z.number().int().nonnegative(),
  rejected: z.number().int().nonnegative(),
  ids: z.array(z.uuid()).describe('Ids of stored events, in input order.'),
  errors_omitted: z
    .number()
    .int()
    .nonnegative()
    .optional()
    .describe('Rejected items not listed in `errors` (only the first 100 are).'),
  errors: z.array(
    z.object({
      index: z.number().int().nonnegative().describe('0-based array index or NDJSON line index.'),
      line: z.number().int().positive().optional().describe('1-based NDJSON line number.'),
      issues: z.array(z.object({ field: z.string(), message: z.string() })),
    }),
  ),
});
export type BatchIngestResult = z.infer<typeof BatchIngestResultSchema>;

export const CountSchema = z.object({ value: z.string().nullable(), count: z.number().int() });
export const StatsSchema = z.object({
  total: z.number().int(),
  by_priority: z.array(CountSchema),
  by_rule: z.array(CountSchema),
  by_source: z.array(CountSchema),
  by_hostname: z.array(CountSchema),
  by_tag: z.array(CountSchema),
  by_cluster: z.array(CountSchema),
  by_namespace: z.array(CountSchema),
  by_boundary: z.array(CountSchema),
  histogram: z.object({
    bucket: z.string().describe('Bucket width, e.g. 1m, 1h.'),
    buckets: z.array(
      z.object({
        start: z.string(),
        count: z.number().int(),
        by_priority: z
          .partialRecord(PrioritySchema, z.number().int().positive())
          .describe(
            'Events of the bucket by priority, most severe first; a priority without events is left out (0).',
          ),
      }),
    ),
  }),
});
export type Stats = z.infer<typeof StatsSchema>;
