import { z } from 'zod';

/**
 * Outputs as the admin API shows them (`GET /api/v1/outputs`, the delivery log, output types):
 * the dashboard validates its answers with these.
 */

/** `open` while the circuit breaker stops attempts; `half-open` while one request probes. */
export const CIRCUIT_STATES = ['closed', 'open', 'half-open'] as const;
export type CircuitState = (typeof CIRCUIT_STATES)[number];

/** An output's health, from its deliveries (counts are 0 for an output that never had any). */
export const OutputHealthSchema = z.object({
  pending: z.number().int().nonnegative().default(0),
  dead: z.number().int().nonnegative().default(0),
  delivered: z.number().int().nonnegative().default(0),
  oldest_pending_at: z.string().nullable().default(null),
  last_success_at: z.string().nullable().default(null),
  /** Secrets are masked out of it by the server. */
  last_error: z.string().nullable().default(null),
  last_error_at: z.string().nullable().default(null),
  circuit: z.enum(CIRCUIT_STATES),
});
export type OutputHealth = z.infer<typeof OutputHealthSchema>;

/** One output: its definition with secrets masked, where it comes from, and its health. */
export const OutputSchema = z.object({
  id: z.string(),
  name: z.string(),
  type: z.string(),
  enabled: z.boolean(),
  /** `config`: from the YAML file, which the API may only enable or disable. */
  origin: z.enum(['config', 'api']),
  config: z.record(z.string(), z.unknown()),
  route: z.record(z.string(), z.unknown()),
  delivery: z.record(z.string(), z.unknown()),
  updated_at: z.string(),
  health: OutputHealthSchema,
});
export type Output = z.infer<typeof OutputSchema>;

/** `acking`: accepted, waiting for the destination to acknowledge storage (Splunk HEC `ack`). */
export const DELIVERY_STATES = ['pending', 'acking', 'delivered', 'dead'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/** One delivery of one event to one output (`GET /api/v1/deliveries`). */
export const DeliverySchema = z.object({
  id: z.string(),
  event_id: z.string(),
  output: z.string(),
  status: z.enum(DELIVERY_STATES),
  attempts: z.number().int().nonnegative(),
  created_at: z.string(),
  due_at: z.string().nullable(),
  finished_at: z.string().nullable(),
  last_status: z.number().int().nullable(),
  last_error: z.string().nullable(),
});
export type Delivery = z.infer<typeof DeliverySchema>;

/** One attempt of a delivery (`GET /api/v1/events/{id}/deliveries`). */
export const DeliveryAttemptSchema = z.object({
  at: z.string(),
  duration_ms: z.number(),
  http_status: z.number().int().nullable(),
  outcome: z.enum(['delivered', 'acking', 'retry', 'failed']),
  error: z.string().nullable(),
});
export type DeliveryAttempt = z.infer<typeof DeliveryAttemptSchema>;

export const EventDeliverySchema = DeliverySchema.extend({
  attempts_log: z.array(DeliveryAttemptSchema),
});
export type EventDelivery = z.infer<typeof EventDeliverySchema>;

/** The answer of a replay: how many dead deliveries were queued again. */
export const ReplayResultSchema = z.object({ requeued: z.number().int().nonnegative() });
export type ReplayResult = z.infer<typeof ReplayResultSchema>;

/**
 * An output type (`GET /api/v1/output-types`): `schema` is the JSON Schema of a whole output
 * definition of this type (`POST /api/v1/outputs`): its settings under `config`, the route and
 * the delivery policy. Secret settings are marked in it (`writeOnly`) and listed in
 * `secret_fields` (dotted paths within `config`).
 */
export const OutputTypeInfoSchema = z.object({
  type: z.string(),
  title: z.string(),
  description: z.string().default(''),
  schema: z.record(z.string(), z.unknown()),
  secret_fields: z.array(z.string()).default([]),
  docs: z.string().optional(),
});
export type OutputTypeInfo = z.infer<typeof OutputTypeInfoSchema>;
