import { Counter, Histogram, type Registry } from 'prom-client';

const MAX_SOURCES = 64;

/** Ingest metrics; names follow Prometheus conventions under `aerie_`. */
export class IngestMetrics {
  private readonly received: Counter<'source' | 'priority'>;
  private readonly rejected: Counter<'reason'>;
  private readonly batchSize: Histogram;
  private readonly commitSeconds: Histogram;

  constructor(registry: Registry) {
    this.received = new Counter({
      name: 'aerie_events_received_total',
      help: 'Events durably stored, by source and priority.',
      labelNames: ['source', 'priority'],
      registers: [registry],
    });
    this.rejected = new Counter({
      name: 'aerie_events_rejected_total',
      help: 'Events refused, by reason (invalid, too_large, not_utf8, database_refused, unavailable).',
      labelNames: ['reason'],
      registers: [registry],
    });
    this.batchSize = new Histogram({
      name: 'aerie_ingest_batch_size',
      help: 'Events per committed batch.',
      buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000],
      registers: [registry],
    });
    this.commitSeconds = new Histogram({
      name: 'aerie_ingest_commit_seconds',
      help: 'Time to write and commit one batch.',
      buckets: [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5],
      registers: [registry],
    });
  }

  /** Sources are sender-chosen: past MAX_SOURCES distinct values they count as `other`. */
  private readonly sources = new Set<string>();

  stored(source: string, priority: string): void {
    if (!this.sources.has(source) && this.sources.size < MAX_SOURCES) this.sources.add(source);
    this.received.inc({ source: this.sources.has(source) ? source : 'other', priority });
  }

  refused(reason: string, count = 1): void {
    this.rejected.inc({ reason }, count);
  }

  observeBatch(size: number, seconds: number): void {
    this.batchSize.observe(size);
    this.commitSeconds.observe(seconds);
  }
}
