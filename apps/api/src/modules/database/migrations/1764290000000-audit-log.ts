import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log: append-only (a trigger refuses UPDATE and DELETE) and hash-chained: each row's
 * `hash` is SHA-256 of the previous row's hash followed by this row's `entry`, so an edited or
 * removed row breaks the chain (`npm run aerie -- audit verify`).
 */
export class AuditLog1764290000000 implements MigrationInterface {
  name = 'AuditLog1764290000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_log (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at timestamptz NOT NULL,
        actor text NOT NULL,
        action text NOT NULL,
        target text,
        source_ip text,
        entry text NOT NULL,
        prev_hash bytea,
        hash bytea NOT NULL
      )`);
    await q.query(`
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
    await q.query(`
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_log`);
    await q.query(`DROP FUNCTION audit_log_append_only()`);
  }
}
