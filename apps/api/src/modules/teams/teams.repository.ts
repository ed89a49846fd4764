import { randomUUID } from 'node:crypto';
import type { CreateTeam, TeamInfo, UpdateTeam } from '@aerie/contracts';
import type { Database } from '../database/database.js';
import { ISO } from '../events/event-json.sql.js';
import type { TeamGrant } from '../access/tenant-scope.js';

const INFO = `id, name, namespaces, cluster_wide, ${ISO('created_at')} AS created_at`;

/** A team as its members' scope needs it. */
export interface TeamMembership extends TeamGrant {
  name: string;
}

/**
 * The teams of a member row, as a JSON array of {name, namespaces, cluster_wide}, for
 * `link` (user_teams or token_teams) joined on `column` = `id`.
 */
export function membershipsSql(link: 'user_teams' | 'token_teams', column: string, id: string) {
  return `coalesce((SELECT jsonb_agg(jsonb_build_object('name', t.name, 'namespaces', t.namespaces,
      'cluster_wide', t.cluster_wide) ORDER BY t.name)
    FROM ${link} l JOIN teams t ON t.id = l.team_id WHERE l.${column} = ${id}), '[]'::jsonb)`;
}

/**
 * Replaces the teams of a member with `names` in one statement (rows kept, gone and new never
 * overlap, so the CTEs cannot conflict).
 */
export function setMembershipsSql(link: 'user_teams' | 'token_teams', column: string): string {
  return `WITH wanted AS (SELECT id FROM teams WHERE name = ANY($2::text[])),
    gone AS (DELETE FROM ${link} WHERE ${column} = $1 AND team_id NOT IN (SELECT id FROM wanted))
    INSERT INTO ${link} (${column}, team_id) SELECT $1, id FROM wanted ON CONFLICT DO NOTHING`;
}

export class TeamsRepository {
  constructor(private readonly db: Database) {}

  /** Undefined when the name is taken. */
  async create(input: CreateTeam): Promise<TeamInfo | undefined> {
    const rows = await this.db.query<TeamInfo>(
      `INSERT INTO teams (id, name, namespaces, cluster_wide, created_at)
       VALUES ($1, $2, $3::text[], $4, now()) ON CONFLICT (name) DO NOTHING RETURNING ${INFO}`,
      [randomUUID(), input.name, input.namespaces, input.cluster_wide],
    );
    return rows[0];
  }

  list(): Promise<TeamInfo[]> {
    return this.db.query<TeamInfo>(`SELECT ${INFO} FROM teams ORDER BY name`);
  }

  async get(id: string): Promise<TeamInfo | undefined> {
    return (
      await this.db.query<TeamInfo>(`SELECT ${INFO} FROM teams WHERE id::text = $1`, [id])
    )[0];
  }

  async update(id: string, patch: UpdateTeam): Promise<TeamInfo | undefined> {
    const rows = await this.db.query<TeamInfo>(
      `UPDATE teams SET namespaces = coalesce($2::text[], namespaces),
         cluster_wide = coalesce($3, cluster_wide)
       WHERE id::text = $1 RETURNING ${INFO}`,
      [id, patch.namespaces ?? null, patch.cluster_wide ?? null],
    );
    return rows[0];
  }

  async delete(id: string): Promise<TeamInfo | undefined> {
    const rows = await this.db.query<TeamInfo>(
      `DELETE FROM teams WHERE id::text = $1 RETURNING ${INFO}`,
      [id],
    );
    return rows[0];
  }

  /** The names among `names` that are not teams. */
  async unknown(names: readonly string[]): Promise<string[]> {
    if (names.length === 0) return [];
    const rows = await this.db.query<{ name: string }>(
      `SELECT n AS name FROM unnest($1::text[]) n WHERE NOT EXISTS (SELECT 1 FROM teams t WHERE t.name = n)`,
      [names],
    );
    return rows.map((r) => r.name);
  }
}
