import { z } from 'zod';
import { AlertGroupSchema, StoredEventSchema } from './event.js';
import { DELIVERY_STATES } from './outputs.js';

/**
 * The live stream (`GET /api/v1/live`, a WebSocket). Messages are nudges: the REST API stays the
 * source of truth, and a client that reconnects catches up from it with the last `cursor` it saw.
 */

/**
 * The close code of a socket whose session ended, user was disabled or token revoked (checked
 * every 30 s); reconnecting gets HTTP 401.
 */
export const LIVE_CLOSE_SIGNED_OUT = 4401;

/** The longest `output` a live event carries; the drawer fetches the whole event. */
export const LIVE_OUTPUT_MAX = 500;

/** A new event as the live stream carries it: what a table row shows. */
export const LiveEventSchema = StoredEventSchema.pick({
  id: true,
  seq: true,
  received_at: true,
  time: true,
  priority: true,
  rule: true,
  output: true,
  source: true,
  tags: true,
  hostname: true,
  cluster: true,
  namespace: true,
  workload: true,
  pod: true,
  boundary: true,
  group_id: true,
});
export type LiveEvent = z.infer<typeof LiveEventSchema>;

/** Query-string style filter, the same keys and values `GET /api/v1/events` takes. */
export const LiveFilterSchema = z.record(z.string(), z.union([z.string(), z.array(z.string())]));

/** Client → server. */
export const LiveClientMessageSchema = z.discriminatedUnion('type', [
  /** Replaces the client's event subscription (none: no `events` messages). */
  z.object({ type: z.literal('subscribe'), events: LiveFilterSchema.nullable() }),
  z.object({ type: z.literal('ping') }),
]);
export type LiveClientMessage = z.infer<typeof LiveClientMessageSchema>;

export const LiveDeliverySchema = z.object({
  id: z.string(),
  event_id: z.uuid(),
  output: z.string(),
  status: z.enum(DELIVERY_STATES),
});
export type LiveDelivery = z.infer<typeof LiveDeliverySchema>;

/** Server → client. */
export const LiveServerMessageSchema = z.discriminatedUnion('type', [
  /**
   * After each `subscribe`: `cursor` is where the subscription starts, for
   * `GET /api/v1/events?sort=seq&order=asc&cursor=…` with the same filter.
   */
  z.object({ type: z.literal('subscribed'), cursor: z.string() }),
  /** New events the subscription matches, oldest first; `cursor` is after the last of them. */
  z.object({ type: z.literal('events'), items: z.array(LiveEventSchema), cursor: z.string() }),
  /** An alert group changed (triage, or a reopening event); the reader may see it. */
  z.object({ type: z.literal('group'), group: AlertGroupSchema }),
  /** A delivery changed state. */
  z.object({ type: z.literal('delivery'), delivery: LiveDeliverySchema }),
  /** The client fell behind and messages were dropped: catch up from the REST API. */
  z.object({ type: z.literal('resync') }),
  z.object({ type: z.literal('pong') }),
  z.object({
    type: z.literal('error'),
    error: z.string(),
    message: z.string(),
    issues: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  }),
]);
export type LiveServerMessage = z.infer<typeof LiveServerMessageSchema>;
