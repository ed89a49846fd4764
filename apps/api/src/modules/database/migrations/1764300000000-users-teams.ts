import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The role tenant reads run as, so that row-level security applies even to a superuser owner. */
export const TENANT_ROLE = 'aerie_tenant';

/**
 * Users, teams, sessions, and the tenant wall (docs/adr/0004-tenant-isolation.md).
 *
 * Row-level security is the second wall behind the query layer's scope condition: tenant reads
 * run as the role `aerie_tenant` with the setting `aerie.scope` holding the LIKE patterns of what
 * they may see (`<cluster>\x1f N:<namespace>` or `<cluster>\x1f H` for events without a
 * namespace). No setting, or an empty one, shows nothing. The table owner (ingest, admins) is not
 * subject to the policies (RLS is enabled, not forced).
 */
export class UsersTeams1764300000000 implements MigrationInterface {
  name = 'UsersTeams1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY,
        username text NOT NULL UNIQUE,
        password_hash text,
        role text NOT NULL CHECK (role IN ('admin', 'analyst', 'viewer')),
        source text NOT NULL CHECK (source IN ('local', 'oidc')),
        subject text UNIQUE,
        disabled boolean NOT NULL DEFAULT false,
        failed_logins int NOT NULL DEFAULT 0,
        locked_until timestamptz,
        created_at timestamptz NOT NULL,
        last_login_at timestamptz
      )`);
    await q.query(`
      CREATE TABLE teams (
        id uuid PRIMARY KEY,
        name text NOT NULL UNIQUE,
        namespaces text[] NOT NULL,
        cluster_wide boolean NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE user_teams (
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        team_id uuid NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
        PRIMARY KEY (user_id, team_id)
      )`);
    await q.query(`
      CREATE TABLE token_teams (
        token_id uuid NOT NULL REFERENCES api_tokens (id) ON DELETE CASCADE,
        team_id uuid NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
        PRIMARY KEY (token_id, team_id)
      )`);
    await q.query(`
      CREATE TABLE sessions (
        id_hash bytea PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        csrf_token text NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        source_ip text
      )`);
    await q.query(`CREATE INDEX sessions_user_idx ON sessions (user_id)`);
    await q.query(`CREATE INDEX sessions_expires_idx ON sessions (expires_at)`);

    await q.query(`
      CREATE FUNCTION aerie_scope_allows(cluster text, namespace text) RETURNS boolean
      LANGUAGE sql STABLE AS $$
        SELECT coalesce(cluster, '') || E'\\x1f' || CASE WHEN namespace IS NULL THEN 'H' ELSE 'N:' || namespace END
          LIKE ANY (string_to_array(nullif(current_setting('aerie.scope', true), ''), E'\\x1e'))
      $$`);
    for (const table of ['events', 'alert_groups']) {
      await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
    }
    // Roles belong to the whole server and need privileges a managed database may not give:
    // without them the policies stay, tenant reads run as the owner, and the query layer is the
    // one wall (Database.open logs it).
    await q.query(`
      DO $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${TENANT_ROLE}') THEN
          BEGIN
            CREATE ROLE ${TENANT_ROLE} NOLOGIN;
          EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
          END;
        END IF;
        GRANT USAGE ON SCHEMA public TO ${TENANT_ROLE};
        GRANT SELECT ON events, alert_groups TO ${TENANT_ROLE};
        IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
          EXECUTE format('GRANT ${TENANT_ROLE} TO %I', current_user);
        END IF;
      EXCEPTION WHEN insufficient_privilege THEN
        RAISE NOTICE 'aerie: cannot create the role ${TENANT_ROLE}; row-level security is not applied to tenant reads';
      END $$`);
    for (const table of ['events', 'alert_groups']) {
      // Other roles (a reporting user, say) keep reading as before; the tenant role sees its scope.
      await q.query(`
        CREATE POLICY ${table}_others ON ${table} USING (current_user <> '${TENANT_ROLE}')`);
      await q.query(`
        CREATE POLICY ${table}_tenant ON ${table} FOR SELECT
        USING (current_user = '${TENANT_ROLE}' AND aerie_scope_allows(cluster, namespace))`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['events', 'alert_groups']) {
      await q.query(`DROP POLICY IF EXISTS ${table}_tenant ON ${table}`);
      await q.query(`DROP POLICY IF EXISTS ${table}_others ON ${table}`);
      await q.query(`ALTER TABLE ${table} DISABLE ROW LEVEL SECURITY`);
    }
    await q.query(`DROP FUNCTION aerie_scope_allows(text, text)`);
    await q.query(`DROP TABLE sessions, token_teams, user_teams, teams, users`);
  }
}
