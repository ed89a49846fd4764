import type { z } from 'zod';
import type { StoredEventDetail } from '@aerie/contracts';

/**
 * The output plugin contract (DESIGN.md "An output"). A plugin is a plain, stateless object: it
 * renders an event into the HTTP request its destination expects and reads the destination's
 * answer. Routing, batching, retries, timeouts, concurrency, TLS, proxies, metrics and the
 * delivery log are the engine's (apps/api/src/modules/delivery), written once for every plugin.
 */

/** What a plugin renders: a stored event, with exact JSON texts for outputs that forward them. */
export interface DeliverableEvent {
  event: StoredEventDetail;
  /** The stored event as Aerie's API returns it (exact numbers), without `raw`. */
  eventJson: string;
  /** The payload exactly as the detector sent it (exact numbers). */
  rawJson: string;
}

export interface RenderContext {
  /** Link to the event in Aerie's dashboard (absolute when `publicUrl` is configured). */
  eventUrl: string;
  /** When the message is rendered (for timestamps, expiry). */
  now: Date;
}

/** One HTTP request to send; the engine applies the endpoint override, TLS, proxy and timeout. */
export interface HttpMessage {
  method: 'POST' | 'PUT';
  url: string;
  headers: Record<string, string>;
  /** UTF-8 text. */
  body: string;
}

/** The destination's answer, as the engine read it. */
export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  /** The body as text, cut to 64 KiB. */
  body: string;
}

/** What an attempt came to. `retryAfterMs` overrides the engine's backoff (e.g. `Retry-After`). */
export type Outcome =
  { ok: true } | { ok: false; retryable: boolean; error: string; retryAfterMs?: number };

export interface OutputPlugin<C = unknown> {
  /** `slack`, `teams`, `pagerduty`, `alertmanager`, `webhook`, … */
  readonly type: string;
  /** Shown in the dashboard: `Slack`, `PagerDuty`. */
  readonly title: string;
  /** One sentence for the dashboard: what the destination receives. */
  readonly description: string;
  /** The output's settings (from YAML or the API); validated before use. */
  readonly configSchema: z.ZodType<C>;
  /** Dotted paths of settings that are secrets: encrypted at rest, masked in answers and logs. */
  readonly secretFields: readonly string[];
  /** Whether the destination takes several events in one request (then `renderBatch` exists). */
  readonly maxBatch: number;
  /** A pure function: the same event, settings and context give the same request. */
  render(events: readonly DeliverableEvent[], config: C, ctx: RenderContext): HttpMessage;
  /** Reads the answer: success, a retryable failure, or a permanent one. */
  classify(answer: HttpAnswer): Outcome;
  /**
   * Destinations that each get every message (Alertmanager's HA peers): the engine renders and
   * sends to every target, and the attempt succeeds only when all of them accepted. Only for
   * destinations where receiving a message twice is harmless.
   */
  targets?(config: C): C[];
}
