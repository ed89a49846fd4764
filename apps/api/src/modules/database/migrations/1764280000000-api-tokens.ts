import type { MigrationInterface, QueryRunner } from 'typeorm';

/** API tokens: only a SHA-256 of the secret is stored (the secret has 256 bits of entropy). */
export class ApiTokens1764280000000 implements MigrationInterface {
  name = 'ApiTokens1764280000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE api_tokens (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        prefix text NOT NULL,
        secret_hash bytea NOT NULL UNIQUE,
        scopes text[] NOT NULL,
        cluster text,
        created_at timestamptz NOT NULL,
        expires_at timestamptz,
        last_used_at timestamptz,
        revoked_at timestamptz
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE api_tokens`);
  }
}
