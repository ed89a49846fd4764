import { Counter, Gauge, type Registry } from 'prom-client';
import type { ResyncReason } from './live-client.js';

/** Live stream metrics: connected clients, and the times a client had to resync. */
export class LiveMetrics {
  private readonly clients: Gauge;
  private readonly resyncs: Counter<'reason'>;

  constructor(registry: Registry) {
    this.clients = new Gauge({
      name: 'aerie_live_clients',
      help: 'Clients connected to the live stream.',
      registers: [registry],
    });
    this.resyncs = new Counter({
      name: 'aerie_live_resyncs_total',
      help: 'Times a live client lost its queued updates and was told to resync, by reason (slow_client, queue_full, feed_behind, scope_changed).',
      labelNames: ['reason'],
      registers: [registry],
    });
  }

  connected(delta: 1 | -1): void {
    this.clients.inc(delta);
  }

  resynced(reason: ResyncReason): void {
    this.resyncs.inc({ reason });
  }
}
