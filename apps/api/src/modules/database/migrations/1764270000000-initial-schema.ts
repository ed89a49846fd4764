import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Events, alert groups. Written by hand (TypeORM cannot express expression GIN indexes); the
 * entities in ../entities mirror the columns.
 * SQL accepted by both PostgreSQL 15 and PGlite (PostgreSQL 18).
 */
export class InitialSchema1764270000000 implements MigrationInterface {
  name = 'InitialSchema1764270000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE alert_groups (
        id uuid PRIMARY KEY,
        fingerprint text NOT NULL UNIQUE,
        rule text NOT NULL,
        source text NOT NULL,
        cluster text,
        namespace text,
        workload text,
        hostname text,
        boundary text NOT NULL,
        priority smallint NOT NULL,
        count bigint NOT NULL,
        first_seen timestamptz NOT NULL,
        last_seen timestamptz NOT NULL
      ) WITH (fillfactor = 50)`);
    // Every batch updates the count and times of its groups. No index on those columns and free
    // room in each page keep these HOT updates (no new index entries); listing groups sorts the
    // much smaller groups table instead.

    await q.query(`
      CREATE TABLE events (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id uuid NOT NULL UNIQUE,
        received_at timestamptz NOT NULL,
        event_time timestamptz NOT NULL,
        time text NOT NULL,
        priority smallint NOT NULL,
        rule text NOT NULL,
        output text,
        output_fields jsonb NOT NULL,
        source text NOT NULL,
        tags text[] NOT NULL,
        hostname text,
        cluster text,
        namespace text,
        workload text,
        pod text,
        container_image text,
        boundary text NOT NULL,
        fingerprint text NOT NULL,
        group_id uuid NOT NULL,
        payload jsonb NOT NULL,
        added_fields text[]
      )`);
    // Listing newest/oldest first and every time range.
    await q.query(`CREATE INDEX events_time_idx ON events (event_time, seq)`);
    // Selective equality filters, each with time so a page is an index range.
    await q.query(`CREATE INDEX events_rule_time_idx ON events (rule, event_time)`);
    await q.query(`CREATE INDEX events_hostname_time_idx ON events (hostname, event_time)`);
    await q.query(`CREATE INDEX events_namespace_time_idx ON events (namespace, event_time)`);
    await q.query(`CREATE INDEX events_priority_time_idx ON events (priority, event_time)`);
    await q.query(`CREATE INDEX events_group_time_idx ON events (group_id, event_time)`);
    await q.query(`CREATE INDEX events_tags_idx ON events USING gin (tags)`);
    await q.query(
      `CREATE INDEX events_fields_idx ON events USING gin (output_fields jsonb_path_ops)`,
    );
    // Full text over rule + output. An expression index, not a stored tsvector column: the column
    // pushed rows past the TOAST threshold and cost ~30 % more per insert (docs/benchmarks.md).
    // The expression must stay identical to SEARCH_DOCUMENT in events/event-filter.sql.ts.
    await q.query(`CREATE INDEX events_search_idx ON events USING gin (
      to_tsvector('simple'::regconfig,
        translate(rule || ' ' || coalesce(left(output, 100000), ''), '/=:()[],"''', '          ')))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE events`);
    await q.query(`DROP TABLE alert_groups`);
  }
}
