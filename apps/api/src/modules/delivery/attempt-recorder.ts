import type { RecordedAttempt } from './deliveries.repository.js';

interface Waiting {
  records: readonly RecordedAttempt[];
  done: (err?: unknown) => void;
}

/**
 * Group commit of attempt records: attempts that finish while a record statement runs are written
 * together by the next one, so N concurrent attempts cost one round trip and one commit, not N.
 * Each caller learns when its own records are committed (or failed).
 */
export class AttemptRecorder {
  private waiting: Waiting[] = [];
  private writing = false;

  constructor(private readonly write: (records: readonly RecordedAttempt[]) => Promise<void>) {}

  record(records: readonly RecordedAttempt[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ records, done: (err) => (err === undefined ? resolve() : reject(err)) });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    while (this.waiting.length > 0) {
      const batch = this.waiting;
      this.waiting = [];
      try {
        await this.write(batch.flatMap((w) => w.records));
        for (const w of batch) w.done();
      } catch (err) {
        for (const w of batch) w.done(err ?? new Error('recording failed'));
      }
    }
    this.writing = false;
  }
}
