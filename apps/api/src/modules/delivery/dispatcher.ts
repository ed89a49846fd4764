import type { Logger } from 'pino';
import type { DeliverableEvent, Outcome } from '@aerie/outputs';
import { StoredEventDetailSchema, type StoredEvent } from '@aerie/contracts';
import { MASK, maskString } from '../secrets/mask.js';
import { RateLimiter } from '../security/rate-limiter.js';
import { retryDelayMs } from './backoff.js';
import type {
  AttemptRecord,
  ClaimedDelivery,
  DeliveriesRepository,
} from './deliveries.repository.js';
import { AccessTokens } from './access-tokens.js';
import { AckPoller, ackOf, type AckTimings } from './ack-poller.js';
import { AttemptRecorder } from './attempt-recorder.js';
import { sendHttpChunk } from './http-delivery.js';
import { failAll, health, type AttemptResult } from './outcomes.js';
import type { RuntimeOutput } from './runtime-output.js';
import { failureOf } from './send-error.js';
import { SocketSenders } from './socket-sender.js';
import type { DeliveryMetrics } from './delivery.metrics.js';
import type { Bus } from '../bus/bus.js';

export interface DispatcherOptions {
  /** Deliveries claimed at once. */
  claim: number;
  /** How long a claim is held before another worker may take it over. */
  leaseSeconds: number;
  /** Pause between polls when nothing is due. */
  idleMs: number;
  /** Base of links back to events in messages. */
  publicUrl: string;
  /** Indexer acknowledgement timings (null: the plugin's). */
  ack: AckTimings;
}

/** Consecutive retryable failures that open an output's circuit. */
const OPEN_AFTER = 5;
const OPEN_MIN_MS = 5_000;
const OPEN_MAX_MS = 5 * 60_000;
/** Events claimed ahead of the free slots per output (see `room`). */
const AHEAD_EVENTS = 16;

/** The texts of a claimed delivery's event. */
type EventTexts = ReadonlyMap<string, { eventJson: string; rawJson: string }>;

/** Claimed deliveries of one output waiting for a free slot, as one request. */
interface QueuedChunk {
  deliveries: ClaimedDelivery[];
  events: EventTexts;
  claimedAt: number;
}

interface OutputState {
  inFlight: number;
  /** Ids of the deliveries being attempted now. */
  sending: Set<string>;
  /** Claimed, not yet started: the next round of requests, so a freed slot starts at once. */
  queue: QueuedChunk[];
  /** Retryable failures in a row while closed. */
  failures: number;
  /** Openings in a row without a success between them (0: closed). */
  openings: number;
  openUntil: number;
  limiter: RateLimiter | undefined;
}

/**
 * The delivery engine's worker: claims due outbox rows, renders them with their output's plugin,
 * sends them (HTTP, with access tokens where needed, or a socket), and records each delivery's
 * attempt by its own outcome. Concurrency, rate limits, a circuit breaker, batching, retries with
 * backoff and dead-lettering are here, once, for every plugin.
 */
export class Dispatcher {
  private readonly states = new Map<string, OutputState>();
  private readonly running = new Set<Promise<void>>();
  private readonly tokens = new AccessTokens();
  private readonly sockets = new SocketSenders();
  private readonly recorder: AttemptRecorder;
  private readonly acks: AckPoller;
  private timer: NodeJS.Timeout | undefined;
  private ticking = false;
  private stopped = true;

  constructor(
    private readonly repo: DeliveriesRepository,
    private readonly outputs: () => ReadonlyMap<string, RuntimeOutput>,
    private readonly logger: Logger,
    private readonly options: DispatcherOptions,
    private readonly metrics: DeliveryMetrics,
    private readonly bus: Bus,
  ) {
    this.recorder = new AttemptRecorder((records) => repo.record(records));
    this.acks = new AckPoller(
      repo,
      outputs,
      (records) => this.recorder.record(records),
      logger,
      options.ack,
      metrics,
      bus,
    );
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
    this.acks.start();
  }

  /**
   * Stops claiming, gives claimed deliveries not yet started back (due at once, for another
   * replica or the next start) and waits for the attempts in flight to be recorded.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    for (const id of this.states.keys()) this.pump(id);
    while (this.running.size > 0) await Promise.all([...this.running]);
    await this.acks.stop();
    this.sockets.close();
  }

  /** `open` while the circuit stops attempts; `half-open` while one request probes. */
  circuit(outputId: string): 'closed' | 'open' | 'half-open' {
    const s = this.states.get(outputId);
    if (!s || s.openings === 0) return 'closed';
    return s.openUntil > Date.now() ? 'open' : 'half-open';
  }

  /** Something may be due now (new events were routed): poll at once. */
  nudge(): void {
    if (!this.stopped && !this.ticking) this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      // Tracked like attempts: `stop` waits for a claim in progress and gives it back.
      const run = this.tick().finally(() => this.running.delete(run));
      this.running.add(run);
    }, ms);
  }

  private state(o: RuntimeOutput): OutputState {
    let s = this.states.get(o.id);
    if (!s) {
      const rate = o.policy.ratePerSecond;
      s = {
        inFlight: 0,
        sending: new Set(),
        queue: [],
        failures: 0,
        openings: 0,
        openUntil: 0,
        limiter:
          rate > 0
            ? new RateLimiter({ perSecond: rate, burst: Math.max(1, Math.ceil(rate)) })
            : undefined,
      };
      this.states.set(o.id, s);
    }
    return s;
  }

  /**
   * Claims due deliveries for the outputs with room (see `room`: the requests they can start now
   * and a queue ahead), queues them per output and starts what the free slots take. Claiming
   * ahead means a finished attempt starts the next request without waiting for a poll, and one
   * claim and one event read serve many requests instead of one each.
   */
  private async tick(): Promise<void> {
    if (this.ticking || this.stopped) return;
    this.ticking = true;
    let next = this.options.idleMs;
    try {
      const outputs = this.outputs();
      this.sockets.retain(new Set(outputs.keys()));
      const now = Date.now();
      const room = new Map<string, number>();
      for (const o of outputs.values()) {
        const chunks = this.room(o, now);
        if (chunks > 0) room.set(o.id, chunks);
      }
      if (room.size === 0) return;
      const limit = Math.min(
        this.options.claim,
        [...room].reduce((n, [id, chunks]) => n + chunks * outputs.get(id)!.plugin.maxBatch, 0),
      );
      const claimed = await this.repo.claim(limit, this.options.leaseSeconds, [...room.keys()]);
      if (claimed.length === 0) return;
      if (claimed.length === limit) next = 0;
      const deferred = await this.repo.deferResolves(
        claimed.filter((c) => c.kind === 'resolve').map((c) => c.id),
      );
      // In outbox order within each request (a syslog receiver logs in the order it reads).
      const due = claimed
        .filter((c) => !deferred.has(c.id))
        .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
      const events = await this.repo.events([...new Set(due.map((c) => c.event_id))]);
      // Per output and kind: a request carries events, or resolves one incident.
      const byOutput = new Map<string, ClaimedDelivery[]>();
      for (const c of due) {
        const key = `${c.output_id}/${c.kind}`;
        byOutput.set(key, [...(byOutput.get(key) ?? []), c]);
      }
      const giveBack: string[] = [];
      const claimedAt = Date.now();
      for (const list of byOutput.values()) {
        const output = outputs.get(list[0]!.output_id);
        if (!output) {
          // Removed or disabled since the claim: its deliveries wait for it, untried.
          giveBack.push(...list.map((c) => c.id));
          continue;
        }
        const size = list[0]!.kind === 'resolve' ? 1 : output.plugin.maxBatch;
        for (let i = 0; i < list.length; i += size) {
          const deliveries = list.slice(i, i + size);
          this.state(output).queue.push({ deliveries, events, claimedAt });
        }
      }
      await this.repo.release(giveBack, 250);
      for (const id of new Set(due.map((c) => c.output_id))) this.pump(id);
    } catch (err) {
      this.logger.error({ err }, 'delivery: polling failed; retrying');
      next = this.options.idleMs * 4;
    } finally {
      this.ticking = false;
      this.schedule(next);
    }
  }

  /**
   * How many requests to claim for an output now: its free slots, plus a queue of at least
   * AHEAD_EVENTS events (one round of slots at least), refilled once it is down to half — so a
   * claim takes several rows, not the one row each finished attempt frees. None while its
   * circuit is open; only the probe while half-open; only the free slots under a rate limit
   * (a queue it throttles would be given back and claimed again over and over).
   */
  private room(o: RuntimeOutput, now: number): number {
    const s = this.state(o);
    if (s.openUntil > now) return 0;
    const ahead =
      s.openings > 0 || s.limiter
        ? 0
        : Math.max(this.capacity(o), Math.ceil(AHEAD_EVENTS / o.plugin.maxBatch));
    if (s.queue.length > 0 && s.queue.length > ahead / 2) return 0;
    return Math.max(0, this.capacity(o) - s.inFlight + ahead - s.queue.length);
  }

  /**
   * Starts an output's queued requests while it has free slots. Gives the queue back untried
   * (no attempt counted) when the output is gone, throttled (due again in 250 ms), its circuit
   * open, the dispatcher stopping, or a claim has waited half its lease (another worker may take
   * it over at the end: it must be sent well before).
   */
  private pump(outputId: string): void {
    const s = this.states.get(outputId);
    if (!s || s.queue.length === 0) return;
    const output = this.outputs().get(outputId);
    const giveBack: QueuedChunk[] = [];
    const now = Date.now();
    const stale = now - (this.options.leaseSeconds * 1000) / 2;
    if (!output || this.stopped || s.openUntil > now) giveBack.push(...s.queue.splice(0));
    while (output && s.queue.length > 0 && s.inFlight < this.capacity(output)) {
      const chunk = s.queue.shift()!;
      if (chunk.claimedAt < stale) {
        giveBack.push(chunk);
        continue;
      }
      if (s.limiter && !s.limiter.take(output.id).allowed) {
        giveBack.push(chunk, ...s.queue.splice(0));
        break;
      }
      s.inFlight++;
      for (const d of chunk.deliveries) s.sending.add(d.id);
      const run = this.attempt(output, chunk.deliveries, chunk.events).finally(() => {
        s.inFlight--;
        for (const d of chunk.deliveries) s.sending.delete(d.id);
        this.running.delete(run);
        this.pump(outputId);
        this.nudge();
      });
      this.running.add(run);
    }
    if (giveBack.length === 0) return;
    const ids = giveBack.flatMap((c) => c.deliveries.map((d) => d.id));
    const released = this.repo
      .release(ids, this.stopped ? 0 : 250)
      .catch((err: unknown) =>
        // Not given back, they are due again when their lease ends.
        this.logger.error({ err }, 'delivery: could not give claimed deliveries back'),
      )
      .finally(() => this.running.delete(released));
    this.running.add(released);
  }

  /** One request (or socket write) for a chunk of deliveries of one output, and its records. */
  private async attempt(
    output: RuntimeOutput,
    chunk: ClaimedDelivery[],
    events: EventTexts,
  ): Promise<void> {
    const started = performance.now();
    // A delivery whose event is gone (retention) fails alone; the rest of the chunk goes.
    const outcomes: Outcome[] = chunk.map((c) =>
      events.has(c.event_id)
        ? { ok: true }
        : { ok: false, retryable: false, error: `event ${c.event_id} no longer exists` },
    );
    const sendable = chunk.filter((_, i) => outcomes[i]!.ok);
    let status: number | null = null;
    let ackId: number | undefined;
    if (sendable.length > 0) {
      let sent: Outcome[];
      try {
        const result = await this.send(output, sendable, events);
        sent = result.outcomes;
        status = result.status;
        ackId = result.ackId;
      } catch (err) {
        sent = failAll(sendable.length, failureOf(err));
      }
      let next = 0;
      chunk.forEach((_, i) => {
        if (outcomes[i]!.ok) outcomes[i] = sent[next++]!;
      });
    }
    await this.trackCircuit(output, health(outcomes));
    const durationMs = performance.now() - started;
    const policy = output.policy;
    const ack = ackId === undefined ? undefined : ackOf(output);
    const records = chunk.map((c, i) => {
      const outcome = outcomes[i]!;
      const dead =
        !outcome.ok &&
        (!outcome.retryable || c.attempts >= policy.maxAttempts || c.age_s >= policy.maxAgeSeconds);
      const attempt: AttemptRecord = outcome.ok
        ? ack && ackId !== undefined
          ? {
              outcome: 'acking',
              durationMs,
              httpStatus: status,
              error: null,
              ackId,
              ackInMs: this.acks.timeoutMs(ack),
            }
          : { outcome: 'delivered', durationMs, httpStatus: status, error: null }
        : {
            outcome: outcome.retryable ? 'retry' : 'failed',
            durationMs,
            httpStatus: status,
            error: this.mask(output, outcome.error),
            retryInMs: retryDelayMs(c.attempts, outcome.retryAfterMs),
          };
      return { id: c.id, attempt, dead };
    });
    await this.recorder.record(records).catch((err: unknown) =>
      // Unrecorded, the lease ends and they are tried again: at least once, never lost.
      this.logger.error(
        { err, deliveries: chunk.map((c) => c.id) },
        'delivery: could not record attempts',
      ),
    );
    chunk.forEach((c, i) => {
      const { attempt, dead } = records[i]!;
      const delivered = attempt.outcome === 'delivered';
      this.metrics.attempted(output.name, dead ? 'dead' : attempt.outcome, durationMs / 1000);
      if (delivered) this.metrics.delivered(output.name, c.age_s + durationMs / 1000);
      this.bus.emit('delivery', {
        id: c.id,
        eventId: c.event_id,
        output: output.name,
        status:
          attempt.outcome === 'delivered' || attempt.outcome === 'acking'
            ? attempt.outcome
            : dead
              ? 'dead'
              : 'pending',
        ...tenantOf(events.get(c.event_id)),
      });
    });
  }

  /** Renders and sends a chunk whose events all exist: one outcome per delivery. */
  private async send(
    output: RuntimeOutput,
    chunk: ClaimedDelivery[],
    events: EventTexts,
  ): Promise<AttemptResult> {
    const deliverables = chunk.map((c) => deliverable(events.get(c.event_id)!));
    const ctx = {
      eventUrl: `${this.options.publicUrl}/#/events/${chunk[0]!.event_id}`,
      now: new Date(),
    };
    const plugin = output.plugin;
    if (plugin.transport !== 'socket') {
      return sendHttpChunk(
        output,
        plugin,
        { kind: chunk[0]!.kind, events: deliverables, ctx },
        this.tokens,
      );
    }
    const messages = plugin.render(deliverables, output.config, ctx);
    if (messages.length !== chunk.length) {
      throw new Error(
        `the output plugin rendered ${messages.length} messages for ${chunk.length} events`,
      );
    }
    const options = { timeoutMs: output.policy.timeoutMs, tls: output.policy.tls };
    const target = plugin.target(output.config);
    return {
      outcomes: await this.sockets.send(output.id, target, messages, options),
      status: null,
    };
  }

  /**
   * The circuit breaker: OPEN_AFTER retryable failures in a row open it for 5 s, doubling with
   * each opening in a row up to 5 min; failures of requests already in flight when it opened do
   * not count again. After the pause one request probes (concurrency 1, see `capacity`); its
   * success closes the circuit and makes the output's backlog due at once.
   */
  private async trackCircuit(output: RuntimeOutput, outcome: Outcome): Promise<void> {
    const s = this.states.get(output.id)!;
    if (outcome.ok) {
      const wasOpen = s.openings > 0;
      s.failures = 0;
      s.openings = 0;
      if (wasOpen) {
        this.logger.info(
          { output: output.name },
          'delivery: output answers again; draining its backlog',
        );
        const held = [...s.sending, ...s.queue.flatMap((c) => c.deliveries.map((d) => d.id))];
        await this.repo.wake(output.id, held).catch(() => undefined);
      }
      return;
    }
    if (!outcome.retryable || s.openUntil > Date.now()) return;
    if (++s.failures < OPEN_AFTER && s.openings === 0) return;
    s.openings++;
    s.failures = 0;
    const ms = Math.min(OPEN_MAX_MS, OPEN_MIN_MS * 2 ** (s.openings - 1));
    s.openUntil = Date.now() + Math.max(ms, outcome.retryAfterMs ?? 0);
    this.logger.warn({ output: output.name, ms }, 'delivery: circuit open; probing later');
  }

  /** Requests an output may have in flight now: one probe while its circuit is half-open. */
  private capacity(o: RuntimeOutput): number {
    // A socket output has one connection, written in order.
    if (o.plugin.transport === 'socket') return 1;
    return this.state(o).openings > 0 ? 1 : o.policy.concurrency;
  }

  /**
   * An error as recorded: without the output's secrets — also as a form or query encodes them
   * (an OAuth2 token request's client secret) — nor its access tokens.
   */
  private mask(output: RuntimeOutput, text: string): string {
    let out = text.slice(0, 2000);
    const secrets = [...output.secrets, ...this.tokens.tokensOf(output.id)].flatMap((s) => [
      s,
      encodeURIComponent(s),
      new URLSearchParams({ s }).toString().slice(2),
    ]);
    // Longest first: a secret inside another must not leave the rest of the longer one.
    for (const secret of [...new Set(secrets)].sort((a, b) => b.length - a.length)) {
      if (secret.length >= 4) out = out.split(secret).join(MASK);
    }
    return maskString(out);
  }
}

/** The event's cluster and namespace, for the live stream's scope filter. */
function tenantOf(found: { eventJson: string } | undefined): {
  cluster: string | null;
  namespace: string | null;
} {
  const event = found ? (JSON.parse(found.eventJson) as Partial<StoredEvent>) : {};
  return { cluster: event.cluster ?? null, namespace: event.namespace ?? null };
}

function deliverable(found: { eventJson: string; rawJson: string }): DeliverableEvent {
  const event = StoredEventDetailSchema.parse({
    ...(JSON.parse(found.eventJson) as object),
    raw: JSON.parse(found.rawJson) as unknown,
  });
  return { event, eventJson: found.eventJson, rawJson: found.rawJson };
}
