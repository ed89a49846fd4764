import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexer acknowledgement (docs/outputs/splunk.md, ADR 0007): a delivery the destination accepted
 * but has not yet acknowledged as stored is `acking`, with the ack id to poll for and the
 * deadline after which it is sent again. An `acking` attempt records that acceptance. The claim
 * keeps its index (`status = 'pending'`); the poller reads its own.
 */
export class DeliveryAcks1764350000000 implements MigrationInterface {
  name = 'DeliveryAcks1764350000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE deliveries DROP CONSTRAINT deliveries_status_check`);
    await q.query(`
      ALTER TABLE deliveries
        ADD CONSTRAINT deliveries_status_check
          CHECK (status IN ('pending', 'acking', 'delivered', 'dead')),
        ADD COLUMN ack_id bigint,
        ADD COLUMN ack_deadline timestamptz,
        ADD CONSTRAINT deliveries_ack_check
          CHECK ((status = 'acking') = (ack_id IS NOT NULL AND ack_deadline IS NOT NULL))`);
    await q.query(
      `CREATE INDEX deliveries_acking_idx ON deliveries (output_id, ack_deadline)
       WHERE status = 'acking'`,
    );
    await q.query(`ALTER TABLE delivery_attempts DROP CONSTRAINT delivery_attempts_outcome_check`);
    await q.query(`
      ALTER TABLE delivery_attempts ADD CONSTRAINT delivery_attempts_outcome_check
        CHECK (outcome IN ('delivered', 'acking', 'retry', 'failed'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM delivery_attempts WHERE outcome = 'acking'`);
    await q.query(
      `UPDATE deliveries SET status = 'pending', due_at = now(), ack_id = NULL, ack_deadline = NULL
       WHERE status = 'acking'`,
    );
    await q.query(`DROP INDEX deliveries_acking_idx`);
    await q.query(`
      ALTER TABLE deliveries DROP CONSTRAINT deliveries_ack_check,
        DROP COLUMN ack_id, DROP COLUMN ack_deadline, DROP CONSTRAINT deliveries_status_check,
        ADD CONSTRAINT deliveries_status_check CHECK (status IN ('pending', 'delivered', 'dead'))`);
    await q.query(`
      ALTER TABLE delivery_attempts DROP CONSTRAINT delivery_attempts_outcome_check,
        ADD CONSTRAINT delivery_attempts_outcome_check
          CHECK (outcome IN ('delivered', 'retry', 'failed'))`);
  }
}
