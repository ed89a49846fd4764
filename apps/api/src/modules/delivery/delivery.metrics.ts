import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { Database } from '../database/database.js';

/** Delivery metrics: attempts and their latency as they happen, the queue on each scrape. */
export class DeliveryMetrics {
  private readonly attempts: Counter<'output' | 'result'>;
  private readonly seconds: Histogram<'output'>;
  private readonly latency: Histogram<'output'>;

  constructor(registry: Registry, db: Database) {
    this.attempts = new Counter({
      name: 'aerie_delivery_attempts_total',
      help: 'Delivery attempts by output and result (delivered, retry, failed, dead).',
      labelNames: ['output', 'result'],
      registers: [registry],
    });
    this.seconds = new Histogram({
      name: 'aerie_delivery_seconds',
      help: 'Time from sending a request to an output until its answer.',
      labelNames: ['output'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    });
    this.latency = new Histogram({
      name: 'aerie_delivery_latency_seconds',
      help: 'Time from an event being stored until its delivery succeeded, by output.',
      labelNames: ['output'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600],
      registers: [registry],
    });
    const queue = new Gauge({
      name: 'aerie_delivery_queue',
      help: 'Deliveries by output and status (pending is the queue depth; dead awaits replay).',
      labelNames: ['output', 'status'],
      registers: [registry],
      async collect() {
        const rows = await db.query<{ output: string; status: string; n: number }>(
          `SELECT o.name AS output, d.status, count(*)::int AS n
           FROM deliveries d JOIN outputs o ON o.id = d.output_id
           WHERE d.status IN ('pending', 'dead') GROUP BY 1, 2`,
        );
        this.reset();
        for (const r of rows) this.set({ output: r.output, status: r.status }, r.n);
      },
    });
    void queue;
    const oldest = new Gauge({
      name: 'aerie_delivery_oldest_pending_seconds',
      help: 'Age of the oldest pending delivery, by output.',
      labelNames: ['output'],
      registers: [registry],
      async collect() {
        const rows = await db.query<{ output: string; age: number }>(
          `SELECT o.name AS output, extract(epoch FROM now() - min(d.created_at))::float8 AS age
           FROM deliveries d JOIN outputs o ON o.id = d.output_id
           WHERE d.status = 'pending' GROUP BY 1`,
        );
        this.reset();
        for (const r of rows) this.set({ output: r.output }, r.age);
      },
    });
    void oldest;
  }

  attempted(
    output: string,
    result: 'delivered' | 'acking' | 'retry' | 'failed' | 'dead',
    seconds: number,
  ): void {
    this.attempts.inc({ output, result });
    this.seconds.observe({ output }, seconds);
  }

  delivered(output: string, seconds: number): void {
    this.latency.observe({ output }, seconds);
  }
}
