import type pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { COPY_EVENTS_SQL } from './copy-row.js';

interface Pending {
  lines: string[];
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit over COPY: a batch is written as soon as a connection is idle, and requests that
 * arrive while every connection is busy wait together for the next one — batches grow exactly
 * when the database is the bottleneck, with no timer adding latency (reference/performance.md).
 */
export class GroupCommitter {
  private queue: Pending[] = [];
  private idle: pg.Client[];

  /** `maxLines` bounds a batch (and the memory of one COPY); a request is never split. */
  constructor(
    clients: pg.Client[],
    private readonly maxLines: number,
  ) {
    this.idle = [...clients];
  }

  /** Resolves once every line is committed. */
  submit(lines: string[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ lines, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const client = this.idle.pop();
      if (!client) return;
      void this.write(client, this.takeBatch());
    }
  }

  private takeBatch(): Pending[] {
    const batch: Pending[] = [];
    let lines = 0;
    while (this.queue.length > 0 && (batch.length === 0 || lines < this.maxLines)) {
      const next = this.queue.shift() as Pending;
      batch.push(next);
      lines += next.lines.length;
    }
    return batch;
  }

  private async write(client: pg.Client, batch: Pending[]): Promise<void> {
    try {
      await copy(
        client,
        batch.flatMap((p) => p.lines),
      );
      for (const p of batch) p.resolve();
    } catch (err) {
      for (const p of batch) p.reject(err);
    } finally {
      this.idle.push(client);
      this.pump();
    }
  }
}

/** One COPY in autocommit: 'finish' fires after the server's ReadyForQuery, i.e. after COMMIT. */
function copy(client: pg.Client, lines: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const stream = client.query(copyStreams.from(COPY_EVENTS_SQL));
    stream.on('finish', resolve);
    stream.on('error', reject);
    stream.end(`${lines.join('\n')}\n`);
  });
}
