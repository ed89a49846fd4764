import type { Logger } from 'pino';
import type { IndexerAck } from '@aerie/outputs';
import type { Bus } from '../bus/bus.js';
import { retryDelayMs } from './backoff.js';
import type { AckWait, DeliveriesRepository, RecordedAttempt } from './deliveries.repository.js';
import type { DeliveryMetrics } from './delivery.metrics.js';
import { sendHttp } from './http-sender.js';
import type { RuntimeOutput } from './runtime-output.js';

/** Ack ids per poll (Splunk's MAX_ACK_IDS_PER_POLL). */
const IDS_PER_POLL = 1000;

export interface AckTimings {
  /** Overrides of the plugin's `timeoutMs` and `pollIntervalMs` (config `delivery.ack`). */
  timeoutSeconds: number | null;
  pollMs: number | null;
}

/** The ack half of a plugin, when these settings ask for acknowledgement. */
export function ackOf(output: RuntimeOutput): IndexerAck<unknown> | undefined {
  const plugin = output.plugin;
  return plugin.transport !== 'socket' && plugin.ack?.enabled(output.config)
    ? plugin.ack
    : undefined;
}

/**
 * Indexer acknowledgement, the engine's half (docs/outputs/splunk.md, ADR 0007): every output with
 * `acking` deliveries is polled for their ack ids; acknowledged ones become delivered, those past
 * their deadline go back to pending with a retry attempt (the destination lost them: sent again,
 * at least once). A failed poll changes nothing; the deadline still applies.
 */
export class AckPoller {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;

  constructor(
    private readonly repo: DeliveriesRepository,
    private readonly outputs: () => ReadonlyMap<string, RuntimeOutput>,
    private readonly record: (records: readonly RecordedAttempt[]) => Promise<void>,
    private readonly logger: Logger,
    private readonly timings: AckTimings,
    private readonly metrics: DeliveryMetrics,
    private readonly bus: Bus,
  ) {}

  /** How long an accepted request of this output may wait for its ack. */
  timeoutMs(ack: IndexerAck<unknown>): number {
    return this.timings.timeoutSeconds === null
      ? ack.timeoutMs
      : this.timings.timeoutSeconds * 1000;
  }

  start(): void {
    this.stopped = false;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    const intervals = [...this.outputs().values()].flatMap((o) => {
      const ack = ackOf(o);
      return ack ? [this.timings.pollMs ?? ack.pollIntervalMs] : [];
    });
    // Outputs may get `ack` later (API): look again every few seconds.
    this.timer = setTimeout(
      () => {
        this.running = this.round().finally(() => this.schedule());
      },
      Math.min(5_000, ...intervals),
    );
  }

  private async round(): Promise<void> {
    for (const output of this.outputs().values()) {
      const ack = ackOf(output);
      if (!ack) continue;
      try {
        await this.poll(output, ack);
      } catch (err) {
        this.logger.warn({ err, output: output.name }, 'delivery: ack poll failed; polling again');
      }
    }
  }

  private async poll(output: RuntimeOutput, ack: IndexerAck<unknown>): Promise<void> {
    const waits = await this.repo.ackWaits(output.id, IDS_PER_POLL);
    if (waits.length === 0) return;
    const ids = waits.map((w) => w.ackId);
    let acked = new Set<number>();
    try {
      const answer = await sendHttp(ack.pollRequest(output.config, ids), {
        timeoutMs: output.policy.timeoutMs,
        tls: output.policy.tls,
      });
      const poll = ack.readPoll(answer, ids);
      if (poll.ok) acked = new Set(poll.acked);
      // The error names a code and never the token; such rows time out and are sent again.
      else
        this.logger.warn({ output: output.name, error: poll.error }, 'delivery: ack poll failed');
    } catch (err) {
      this.logger.warn({ err, output: output.name }, 'delivery: ack poll failed');
    }
    await this.delivered(
      output,
      waits.filter((w) => acked.has(w.ackId)),
    );
    await this.expire(
      output,
      ack,
      waits.filter((w) => !acked.has(w.ackId)),
    );
  }

  private async delivered(output: RuntimeOutput, waits: AckWait[]): Promise<void> {
    const all = waits.flatMap((w) => w.deliveries);
    const done = new Set(await this.repo.acknowledged(all.map((d) => d.id)));
    for (const d of all.filter((x) => done.has(x.id))) {
      this.metrics.delivered(output.name, d.age_s);
      this.emit(output, d, 'delivered');
    }
  }

  private async expire(
    output: RuntimeOutput,
    ack: IndexerAck<unknown>,
    waits: AckWait[],
  ): Promise<void> {
    const expired = waits.flatMap((w) => w.deliveries.filter((d) => d.expired));
    if (expired.length === 0) return;
    const policy = output.policy;
    const error = `not acknowledged within ${Math.round(this.timeoutMs(ack) / 1000)} s`;
    const records: RecordedAttempt[] = expired.map((d) => ({
      id: d.id,
      attempt: {
        outcome: 'retry',
        durationMs: 0,
        httpStatus: null,
        error,
        retryInMs: retryDelayMs(d.attempts),
      },
      dead: d.attempts >= policy.maxAttempts || d.age_s >= policy.maxAgeSeconds,
    }));
    await this.record(records);
    records.forEach((r, i) => {
      this.metrics.attempted(output.name, r.dead ? 'dead' : 'retry', 0);
      this.emit(output, expired[i]!, r.dead ? 'dead' : 'pending');
    });
  }

  private emit(
    output: RuntimeOutput,
    d: { id: string; event_id: string; cluster: string | null; namespace: string | null },
    status: 'pending' | 'delivered' | 'dead',
  ): void {
    this.bus.emit('delivery', {
      id: d.id,
      eventId: d.event_id,
      output: output.name,
      status,
      cluster: d.cluster,
      namespace: d.namespace,
    });
  }
}
