import type { MigrationInterface, QueryRunner } from 'typeorm';
import { TENANT_ROLE } from './1764300000000-users-teams.js';

/**
 * Triage (issue 5): each alert group's status, assignee and comment count, its activity (comments
 * and history), and outbox rows that resolve a group's incident instead of delivering an event.
 *
 * No index on the new `alert_groups` columns: ingest updates every batch's groups and stays a HOT
 * update only while it changes no indexed column, and the groups list already sorts the (small)
 * groups table by last seen. An index on `status` would not help that list either: `new` is the
 * status of most groups (nobody triaged them), so "open" (`new,acknowledged`) selects nearly all.
 */
export class Triage1764320000000 implements MigrationInterface {
  name = 'Triage1764320000000';

  async up(q: QueryRunner): Promise<void> {
    // Constant defaults: no table rewrite (Postgres ≥ 11 stores them in the catalog).
    await q.query(`
      ALTER TABLE alert_groups
        ADD COLUMN status text NOT NULL DEFAULT 'new'
          CONSTRAINT alert_groups_status_check
          CHECK (status IN ('new', 'acknowledged', 'resolved', 'false_positive')),
        ADD COLUMN assignee text,
        ADD COLUMN status_changed_at timestamptz,
        ADD COLUMN status_changed_by text,
        ADD COLUMN comment_count int NOT NULL DEFAULT 0`);
    await q.query(`
      CREATE TABLE group_activity (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        group_id uuid NOT NULL REFERENCES alert_groups (id) ON DELETE CASCADE,
        at timestamptz NOT NULL,
        actor text,
        kind text NOT NULL CHECK (kind IN ('comment', 'status', 'assignee', 'reopened')),
        body text CHECK (char_length(body) <= 10000),
        from_value text,
        to_value text,
        CHECK ((kind = 'comment') = (body IS NOT NULL))
      )`);
    // A group's history in order; also serves the foreign key's cascade.
    await q.query(`CREATE INDEX group_activity_group_at_idx ON group_activity (group_id, at, id)`);

    // The tenant wall (ADR 0004): a team reads the activity of the groups it may see, nothing else.
    await q.query(`ALTER TABLE group_activity ENABLE ROW LEVEL SECURITY`);
    await q.query(`
      CREATE POLICY group_activity_others ON group_activity
      USING (current_user <> '${TENANT_ROLE}')`);
    await q.query(`
      CREATE POLICY group_activity_tenant ON group_activity FOR SELECT
      USING (current_user = '${TENANT_ROLE}' AND EXISTS (
        SELECT 1 FROM alert_groups g
        WHERE g.id = group_activity.group_id AND aerie_scope_allows(g.cluster, g.namespace)))`);
    await q.query(`
      DO $$
      BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${TENANT_ROLE}') THEN
          GRANT SELECT ON group_activity TO ${TENANT_ROLE};
        END IF;
      EXCEPTION WHEN insufficient_privilege THEN
        RAISE NOTICE 'aerie: cannot grant ${TENANT_ROLE} access to group_activity';
      END $$`);

    // A `resolve` row closes its group's incident at an output (PagerDuty): it references the
    // group's latest event, whose fingerprint is the incident's key, so every reader of the
    // outbox (claims, the delivery log, replays) keeps working unchanged.
    await q.query(`
      ALTER TABLE deliveries ADD COLUMN kind text NOT NULL DEFAULT 'event'
        CONSTRAINT deliveries_kind_check CHECK (kind IN ('event', 'resolve'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE deliveries DROP COLUMN kind`);
    await q.query(`DROP TABLE group_activity`);
    await q.query(`
      ALTER TABLE alert_groups DROP COLUMN status, DROP COLUMN assignee,
        DROP COLUMN status_changed_at, DROP COLUMN status_changed_by, DROP COLUMN comment_count`);
  }
}
