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
  /** For plugins with `auth`: the current access token, obtained and cached by the engine. */
  accessToken?: string;
}

/** One HTTP request to send; the engine applies the endpoint override, TLS, proxy and timeout. */
export interface HttpMessage {
  method: 'POST' | 'PUT' | 'GET';
  url: string;
  headers: Record<string, string>;
  /** UTF-8 text. */
  body: string;
  /** The engine gzips the body and sets `Content-Encoding: gzip`. */
  gzip?: boolean;
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

/**
 * What a batch came to when the destination answers event by event (Splunk HEC's
 * `invalid-event-number`, Elasticsearch `_bulk` items): one outcome per event, in the order
 * rendered. The engine records each event's delivery by its own outcome and retries only those
 * that failed retryably.
 */
export type BatchOutcome = Outcome | { perEvent: readonly Outcome[] };

/** OAuth2-style access tokens (Azure Monitor's client credentials): fetched, cached, refreshed by the engine. */
export interface TokenAuth<C> {
  /** The request that obtains a token. */
  tokenRequest(config: C): HttpMessage;
  /** Reads the token answer. */
  readToken(
    answer: HttpAnswer,
  ):
    | { ok: true; token: string; expiresInMs: number }
    | { ok: false; retryable: boolean; error: string };
}

/** Where a socket output sends (syslog): the engine owns the connection, TLS, reconnects. */
export interface SocketTarget {
  protocol: 'udp' | 'tcp' | 'tls';
  host: string;
  port: number;
  /** TCP and TLS only: RFC 6587 octet counting (`<len> <msg>`) or a trailing LF. */
  framing: 'octet-counting' | 'lf';
}

/** What every plugin declares, whatever it sends over. */
interface PluginBase<C> {
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
  /** How many events one request (or one socket write) may carry. */
  readonly maxBatch: number;
}

/**
 * Indexer acknowledgement (Splunk HEC, docs/outputs/splunk.md): a success only says the destination
 * queued the request; it is stored once a later poll says its ack id is. The engine keeps such
 * deliveries `acking` and polls; without an ack by `timeoutMs` they are sent again.
 */
export interface IndexerAck<C> {
  /** Whether these settings ask for acknowledgement. */
  enabled(config: C): boolean;
  /** The id to wait for in a successful answer; undefined when there is none. */
  ackId(answer: HttpAnswer): number | undefined;
  /** One poll for many ids of the same output (channel). */
  pollRequest(config: C, ackIds: readonly number[]): HttpMessage;
  /** Which of the polled ids are indexed; a failed poll says whether polling again may help. */
  readPoll(answer: HttpAnswer, ackIds: readonly number[]): AckPoll;
  /** Without an ack by then, the batch counts as lost and is sent again (at least once). */
  timeoutMs: number;
  /** How often to poll a channel that has ids waiting. */
  pollIntervalMs: number;
}

export type AckPoll =
  | { ok: true; acked: readonly number[]; waiting: readonly number[] }
  | { ok: false; retryable: boolean; error: string };

/** A destination reached over HTTP (the default). */
export interface HttpOutputPlugin<C = unknown> extends PluginBase<C> {
  readonly transport?: 'http';
  /** A pure function: the same event, settings and context give the same request. */
  render(events: readonly DeliverableEvent[], config: C, ctx: RenderContext): HttpMessage;
  /**
   * Reads the answer to a request that carried `count` events (the engine always says how many):
   * success, a retryable failure, a
   * permanent one — or, for destinations that answer per event, one outcome per event.
   */
  classify(answer: HttpAnswer, count?: number): BatchOutcome;
  /** Destinations that need an access token first. */
  auth?: TokenAuth<C>;
  /**
   * Destinations that each get every message (Alertmanager's HA peers): the engine renders and
   * sends to every target, and the attempt succeeds only when all of them accepted. Only for
   * destinations where receiving a message twice is harmless.
   */
  targets?(config: C): C[];
  /** Destinations that acknowledge storage later (not with `targets`). */
  ack?: IndexerAck<C>;
}

/** A destination reached over a socket (syslog over UDP, TCP or TLS). No answer to classify. */
export interface SocketOutputPlugin<C = unknown> extends PluginBase<C> {
  readonly transport: 'socket';
  target(config: C): SocketTarget;
  /** A pure function: one message per event (unframed; the engine frames them for TCP/TLS). */
  render(events: readonly DeliverableEvent[], config: C, ctx: RenderContext): string[];
}

export type OutputPlugin<C = unknown> = HttpOutputPlugin<C> | SocketOutputPlugin<C>;
