import type { Database } from '../database/database.js';
import { ISO } from '../events/event-json.sql.js';
import type { SiemFeed } from './siem-cursor.js';

export interface ConsumerRow {
  name: string;
  feed: SiemFeed;
  position: number;
  created_at: string;
  updated_at: string;
}

/**
 * Named consumers' checkpoints (at-least-once, docs/siem.md#named-consumers): a consumer's
 * position moves only when it sends back a cursor it was given — proof that it holds every event
 * before it. Checkpoints belong to one credential (`owner`), so another token cannot move them.
 */
export class SiemConsumersRepository {
  constructor(private readonly db: Database) {}

  /** The consumer's position; a new consumer starts at the beginning (0). */
  async position(owner: string, feed: SiemFeed, name: string): Promise<number> {
    const [row] = await this.db.query<{ position: string | number }>(
      `WITH created AS (
         INSERT INTO siem_consumers (owner, feed, name, position, created_at, updated_at)
         VALUES ($1, $2, $3, 0, now(), now())
         ON CONFLICT (owner, feed, name) DO NOTHING
         RETURNING position
       )
       SELECT position FROM created
       UNION ALL
       SELECT position FROM siem_consumers WHERE owner = $1 AND feed = $2 AND name = $3`,
      [owner, feed, name],
    );
    return Number(row?.position ?? 0);
  }

  /** Acknowledges everything up to `position` (a cursor the consumer sent back). */
  async commit(owner: string, feed: SiemFeed, name: string, position: number): Promise<void> {
    await this.db.query(
      `INSERT INTO siem_consumers (owner, feed, name, position, created_at, updated_at)
       VALUES ($1, $2, $3, $4, now(), now())
       ON CONFLICT (owner, feed, name) DO UPDATE SET position = excluded.position, updated_at = now()`,
      [owner, feed, name, position],
    );
  }

  async list(owner: string): Promise<ConsumerRow[]> {
    const rows = await this.db.query<Omit<ConsumerRow, 'position'> & { position: string | number }>(
      `SELECT name, feed, position, ${ISO('created_at')} AS created_at, ${ISO('updated_at')} AS updated_at
       FROM siem_consumers WHERE owner = $1 ORDER BY feed, name`,
      [owner],
    );
    return rows.map((r) => ({ ...r, position: Number(r.position) }));
  }

  /** Forgets a consumer: its next request starts from the beginning. False if there was none. */
  async remove(owner: string, feed: SiemFeed, name: string): Promise<boolean> {
    const rows = await this.db.query(
      `DELETE FROM siem_consumers WHERE owner = $1 AND feed = $2 AND name = $3 RETURNING name`,
      [owner, feed, name],
    );
    return rows.length > 0;
  }
}
