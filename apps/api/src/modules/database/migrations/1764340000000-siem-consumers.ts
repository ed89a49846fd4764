import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Named SIEM consumers and their checkpoints (docs/siem.md): per credential (`token:<id>`,
 * `user:<id>`), per feed, the position after which the consumer has not yet acknowledged events.
 */
export class SiemConsumers1764340000000 implements MigrationInterface {
  name = 'SiemConsumers1764340000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE siem_consumers (
        owner text NOT NULL,
        feed text NOT NULL CHECK (feed IN ('events', 'audit')),
        name text NOT NULL,
        position bigint NOT NULL CHECK (position >= 0),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (owner, feed, name)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE siem_consumers`);
  }
}
