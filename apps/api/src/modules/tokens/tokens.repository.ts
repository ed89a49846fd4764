import { randomUUID } from 'node:crypto';
import type {
  CreateToken,
  CreatedToken,
  TokenInfo,
  TokenScope,
  UpdateToken,
} from '@aerie/contracts';
import type { Database } from '../database/database.js';
import { ISO } from '../events/event-json.sql.js';
import {
  membershipsSql,
  setMembershipsSql,
  type TeamMembership,
} from '../teams/teams.repository.js';
import { hashTokenSecret, newTokenSecret, tokenPrefix } from './token-secret.js';

/** A token that authenticated a request. */
export interface VerifiedToken {
  id: string;
  name: string;
  scopes: TokenScope[];
  /** What it may read (unless it has `admin`). */
  teams: TeamMembership[];
  cluster: string | null;
  /** Epoch ms, so caches never outlive the token. */
  expiresAt: number | null;
}

const INFO = `id, name, prefix, scopes, cluster, ${ISO('created_at')} AS created_at,
  ${ISO('expires_at')} AS expires_at, ${ISO('last_used_at')} AS last_used_at,
  ${ISO('revoked_at')} AS revoked_at,
  coalesce((SELECT array_agg(t.name ORDER BY t.name) FROM token_teams l JOIN teams t ON t.id = l.team_id
    WHERE l.token_id = api_tokens.id), '{}') AS teams`;
/** last_used_at is written at most this often per token, not on every ingest request. */
const TOUCH_INTERVAL = '1 minute';

export class TokensRepository {
  constructor(private readonly db: Database) {}

  async create(input: CreateToken): Promise<CreatedToken> {
    const token = newTokenSecret();
    const id = randomUUID();
    await this.db.query(
      `INSERT INTO api_tokens (id, name, prefix, secret_hash, scopes, cluster, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5::text[], $6, now(), $7::timestamptz)`,
      [
        id,
        input.name,
        tokenPrefix(token),
        hashTokenSecret(token),
        input.scopes,
        input.cluster ?? null,
        input.expires_at ?? null,
      ],
    );
    await this.setTeams(id, input.teams);
    return { ...(await this.get(id))!, token };
  }

  private setTeams(id: string, names: readonly string[]): Promise<unknown> {
    return this.db.query(setMembershipsSql('token_teams', 'token_id'), [id, names]);
  }

  list(): Promise<TokenInfo[]> {
    return this.db.query<TokenInfo>(`SELECT ${INFO} FROM api_tokens ORDER BY created_at, id`);
  }

  async get(id: string): Promise<TokenInfo | undefined> {
    const rows = await this.db.query<TokenInfo>(
      `SELECT ${INFO} FROM api_tokens WHERE id::text = $1`,
      [id],
    );
    return rows[0];
  }

  async update(id: string, patch: UpdateToken): Promise<TokenInfo | undefined> {
    const rows = await this.db.query<{ id: string }>(
      `UPDATE api_tokens SET
         name = coalesce($2, name),
         scopes = coalesce($3::text[], scopes),
         cluster = CASE WHEN $4 THEN $5 ELSE cluster END,
         expires_at = CASE WHEN $6 THEN $7::timestamptz ELSE expires_at END
       WHERE id::text = $1 RETURNING id`,
      [
        id,
        patch.name ?? null,
        patch.scopes ?? null,
        patch.cluster !== undefined,
        patch.cluster ?? null,
        patch.expires_at !== undefined,
        patch.expires_at ?? null,
      ],
    );
    const row = rows[0];
    if (!row) return undefined;
    if (patch.teams !== undefined) await this.setTeams(row.id, patch.teams);
    return this.get(id);
  }

  /** Revoked tokens stay listed (who had access, until when); they no longer authenticate. */
  async revoke(id: string): Promise<TokenInfo | undefined> {
    const rows = await this.db.query<TokenInfo>(
      `UPDATE api_tokens SET revoked_at = coalesce(revoked_at, now()) WHERE id::text = $1 RETURNING ${INFO}`,
      [id],
    );
    return rows[0];
  }

  /** The token behind a secret, if it is valid now (not revoked, not expired). */
  async verify(secret: string): Promise<VerifiedToken | undefined> {
    const rows = await this.db.query<{
      id: string;
      name: string;
      teams: TeamMembership[];
      scopes: TokenScope[];
      cluster: string | null;
      expires_at: string | null;
      touch: boolean;
    }>(
      `SELECT id, name, scopes, cluster, ${ISO('expires_at')} AS expires_at,
         ${membershipsSql('token_teams', 'token_id', 'api_tokens.id')} AS teams,
         (last_used_at IS NULL OR last_used_at < now() - interval '${TOUCH_INTERVAL}') AS touch
       FROM api_tokens
       WHERE secret_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())`,
      [hashTokenSecret(secret)],
    );
    const row = rows[0];
    if (!row) return undefined;
    if (row.touch)
      await this.db.query(`UPDATE api_tokens SET last_used_at = now() WHERE id = $1`, [row.id]);
    return {
      id: row.id,
      name: row.name,
      teams: row.teams,
      scopes: row.scopes,
      cluster: row.cluster,
      expiresAt: row.expires_at ? Date.parse(row.expires_at) : null,
    };
  }
}
