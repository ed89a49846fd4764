import type { Logger } from 'pino';
import type { DeliverableEvent, Outcome } from '@aerie/outputs';
import { StoredEventDetailSchema, type StoredEvent } from '@aerie/contracts';
import { MASK, maskString } from '../secrets/mask.js';
import { RateLimiter } from '../security/rate-limiter.js';
import { retryDelayMs } from './backoff.js';
import type { ClaimedDelivery, DeliveriesRepository } from './deliveries.repository.js';
import { sendHttp } from './http-sender.js';
import type { RuntimeOutput } from './runtime-output.js';
import { renderResolve } from './group-resolve.js';
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
}

/** Consecutive retryable failures that open an output's circuit. */
const OPEN_AFTER = 5;
const OPEN_MIN_MS = 5_000;
const OPEN_MAX_MS = 5 * 60_000;

interface OutputState {
  inFlight: number;
  /** Retryable failures in a row while closed. */
  failures: number;
  /** Openings in a row without a success between them (0: closed). */
  openings: number;
  openUntil: number;
  limiter: RateLimiter | undefined;
}

/**
 * The delivery engine's worker: claims due outbox rows, renders them with their output's plugin,
 * sends them, and records each attempt. Concurrency, rate limits, a circuit breaker, batching,
 * retries with backoff and dead-lettering are here, once, for every plugin.
 */
export class Dispatcher {
  private readonly states = new Map<string, OutputState>();
  private readonly running = new Set<Promise<void>>();
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
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops claiming and waits for the attempts in flight to be recorded. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await Promise.all([...this.running]);
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
    this.timer = setTimeout(() => void this.tick(), ms);
  }

  private state(o: RuntimeOutput): OutputState {
    let s = this.states.get(o.id);
    if (!s) {
      const rate = o.policy.ratePerSecond;
      s = {
        inFlight: 0,
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

  private async tick(): Promise<void> {
    if (this.ticking || this.stopped) return;
    this.ticking = true;
    let next = this.options.idleMs;
    try {
      const outputs = this.outputs();
      const now = Date.now();
      const ready = [...outputs.values()].filter((o) => {
        const s = this.state(o);
        return s.inFlight < this.capacity(o) && s.openUntil <= now;
      });
      if (ready.length === 0) return;
      // Claim only what can start now: a claim beyond the free slots would be given back.
      const capacity = ready.reduce(
        (n, o) => n + (this.capacity(o) - this.state(o).inFlight) * o.plugin.maxBatch,
        0,
      );
      const limit = Math.min(this.options.claim, capacity);
      const claimed = await this.repo.claim(
        limit,
        this.options.leaseSeconds,
        ready.map((o) => o.id),
      );
      if (claimed.length === 0) return;
      if (claimed.length === limit) next = 0;
      const deferred = await this.repo.deferResolves(
        claimed.filter((c) => c.kind === 'resolve').map((c) => c.id),
      );
      const due = claimed.filter((c) => !deferred.has(c.id));
      const events = await this.repo.events([...new Set(due.map((c) => c.event_id))]);
      // Per output and kind: a request carries events, or resolves one incident.
      const byOutput = new Map<string, ClaimedDelivery[]>();
      for (const c of due) {
        const key = `${c.output_id}/${c.kind}`;
        byOutput.set(key, [...(byOutput.get(key) ?? []), c]);
      }
      const giveBack: string[] = [];
      for (const list of byOutput.values()) {
        const outputId = list[0]!.output_id;
        const output = outputs.get(outputId);
        if (!output) {
          // Removed or disabled since the claim: its deliveries wait for it, untried.
          giveBack.push(...list.map((c) => c.id));
          continue;
        }
        const s = this.state(output);
        const size = list[0]!.kind === 'resolve' ? 1 : output.plugin.maxBatch;
        for (let i = 0; i < list.length; i += size) {
          const chunk = list.slice(i, i + size);
          const rate = s.limiter?.take(output.id);
          if (s.inFlight >= this.capacity(output) || (rate && !rate.allowed)) {
            giveBack.push(...chunk.map((c) => c.id));
            continue;
          }
          s.inFlight++;
          const run = this.attempt(output, chunk, events).finally(() => {
            s.inFlight--;
            this.running.delete(run);
            this.nudge();
          });
          this.running.add(run);
        }
      }
      // Throttled chunks go back untried, due again shortly (no attempt counted).
      await this.repo.release(giveBack, 250);
    } catch (err) {
      this.logger.error({ err }, 'delivery: polling failed; retrying');
      next = this.options.idleMs * 4;
    } finally {
      this.ticking = false;
      this.schedule(next);
    }
  }

  /** One request for a chunk of deliveries of one output, and its record. */
  private async attempt(
    output: RuntimeOutput,
    chunk: ClaimedDelivery[],
    events: ReadonlyMap<string, { eventJson: string; rawJson: string }>,
  ): Promise<void> {
    const started = performance.now();
    let outcome: Outcome;
    let status: number | null = null;
    try {
      const deliverables = chunk.map((c) => deliverable(events.get(c.event_id), c.event_id));
      const ctx = {
        eventUrl: `${this.options.publicUrl}/#/events/${chunk[0]!.event_id}`,
        now: new Date(),
      };
      // Rendered afresh for every attempt: signatures and timestamps are of this attempt.
      const outcomes: Outcome[] = [];
      for (const config of output.plugin.targets?.(output.config) ?? [output.config]) {
        const message =
          chunk[0]!.kind === 'resolve'
            ? renderResolve(output.plugin.type, deliverables[0]!.event.fingerprint, config)
            : output.plugin.render(deliverables, config, ctx);
        const answer = await sendHttp(message, {
          timeoutMs: output.policy.timeoutMs,
          tls: output.policy.tls,
        });
        status = answer.status;
        outcomes.push(output.plugin.classify(answer));
      }
      outcome = combine(outcomes);
    } catch (err) {
      // Rendering errors are permanent (the same input renders the same); network ones are not.
      const network = err instanceof Error && 'code' in err;
      const text = err instanceof Error ? err.message : String(err);
      outcome = { ok: false, retryable: network || /no answer within/.test(text), error: text };
    }
    await this.trackCircuit(output, outcome);
    const durationMs = performance.now() - started;
    const result = outcome.ok ? 'delivered' : outcome.retryable ? 'retry' : 'failed';
    for (const c of chunk) {
      const policy = output.policy;
      const error = outcome.ok ? null : this.mask(output, outcome.error);
      const dead =
        !outcome.ok &&
        (!outcome.retryable || c.attempts >= policy.maxAttempts || c.age_s >= policy.maxAgeSeconds);
      await this.repo
        .record(
          c.id,
          {
            outcome: result,
            durationMs,
            httpStatus: status,
            error,
            ...(outcome.ok ? {} : { retryInMs: retryDelayMs(c.attempts, outcome.retryAfterMs) }),
          },
          dead,
        )
        .catch((err: unknown) =>
          // Unrecorded, the lease ends and it is tried again: at least once, never lost.
          this.logger.error({ err, delivery: c.id }, 'delivery: could not record an attempt'),
        );
      const state = outcome.ok ? 'delivered' : dead ? 'dead' : 'pending';
      this.metrics.attempted(output.name, dead ? 'dead' : result, durationMs / 1000);
      if (outcome.ok) this.metrics.delivered(output.name, c.age_s + durationMs / 1000);
      this.bus.emit('delivery', {
        id: c.id,
        eventId: c.event_id,
        output: output.name,
        status: state,
        ...tenantOf(events.get(c.event_id)),
      });
    }
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
        await this.repo.wake(output.id).catch(() => undefined);
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
    return this.state(o).openings > 0 ? 1 : o.policy.concurrency;
  }

  private mask(output: RuntimeOutput, text: string): string {
    let out = text.slice(0, 2000);
    for (const secret of output.secrets) if (secret.length >= 4) out = out.split(secret).join(MASK);
    return maskString(out);
  }
}

/** Several targets' outcomes: ok when all are; else retryable if any failure is. */
function combine(outcomes: Outcome[]): Outcome {
  const failures = outcomes.filter((o): o is Extract<Outcome, { ok: false }> => !o.ok);
  if (failures.length === 0) return { ok: true };
  const waits = failures.flatMap((f) => (f.retryAfterMs === undefined ? [] : [f.retryAfterMs]));
  return {
    ok: false,
    retryable: failures.some((f) => f.retryable),
    error: failures.map((f) => f.error).join('; '),
    ...(waits.length > 0 ? { retryAfterMs: Math.max(...waits) } : {}),
  };
}

/** The event's cluster and namespace, for the live stream's scope filter. */
function tenantOf(found: { eventJson: string } | undefined): {
  cluster: string | null;
  namespace: string | null;
} {
  const event = found ? (JSON.parse(found.eventJson) as Partial<StoredEvent>) : {};
  return { cluster: event.cluster ?? null, namespace: event.namespace ?? null };
}

function deliverable(
  found: { eventJson: string; rawJson: string } | undefined,
  id: string,
): DeliverableEvent {
  if (!found) throw new Error(`event ${id} no longer exists`);
  const event = StoredEventDetailSchema.parse({
    ...(JSON.parse(found.eventJson) as object),
    raw: JSON.parse(found.rawJson) as unknown,
  });
  return { event, eventJson: found.eventJson, rawJson: found.rawJson };
}
