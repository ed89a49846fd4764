import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The delivery outbox (DESIGN.md, issue 4). `outputs` are the destinations (from the YAML config
 * or the API; secrets sealed in `config`). The ingest statement that stores an event inserts one
 * `deliveries` row per output its routes send it to, in the same transaction, so a 200 means the
 * deliveries are as durable as the event. Workers claim due rows by moving `due_at` forward by a
 * lease (`FOR UPDATE SKIP LOCKED`): a worker that dies leaves its rows due again after the lease.
 */
export class Deliveries1764310000000 implements MigrationInterface {
  name = 'Deliveries1764310000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outputs (
        id uuid PRIMARY KEY,
        name text NOT NULL UNIQUE,
        type text NOT NULL,
        config jsonb NOT NULL,
        route jsonb NOT NULL,
        delivery jsonb NOT NULL,
        enabled boolean NOT NULL,
        origin text NOT NULL CHECK (origin IN ('config', 'api')),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE deliveries (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        event_id uuid NOT NULL,
        output_id uuid NOT NULL REFERENCES outputs (id) ON DELETE CASCADE,
        status text NOT NULL CHECK (status IN ('pending', 'delivered', 'dead')),
        attempts int NOT NULL DEFAULT 0,
        due_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL,
        finished_at timestamptz,
        last_status int,
        last_error text
      )`);
    // The claim scans only what is due; delivered rows are not in this index.
    await q.query(
      `CREATE INDEX deliveries_due_idx ON deliveries (due_at) WHERE status = 'pending'`,
    );
    await q.query(`CREATE INDEX deliveries_event_idx ON deliveries (event_id)`);
    await q.query(`CREATE INDEX deliveries_output_status_idx ON deliveries (output_id, status)`);
    await q.query(`
      CREATE TABLE delivery_attempts (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        delivery_id bigint NOT NULL REFERENCES deliveries (id) ON DELETE CASCADE,
        at timestamptz NOT NULL,
        duration_ms int NOT NULL,
        http_status int,
        outcome text NOT NULL CHECK (outcome IN ('delivered', 'retry', 'failed')),
        error text
      )`);
    await q.query(`CREATE INDEX delivery_attempts_delivery_idx ON delivery_attempts (delivery_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE delivery_attempts, deliveries, outputs`);
  }
}
