import { randomUUID } from 'node:crypto';
import type { Role, UpdateUser, UserInfo } from '@aerie/contracts';
import type { Database } from '../database/database.js';
import { ISO } from '../events/event-json.sql.js';
import { hashPassword } from '../auth/password.js';
import { ApiError } from '../../shared/api-error.js';
import { setMembershipsSql, type TeamMembership } from '../teams/teams.repository.js';

const INFO = `u.id, u.username, u.role, u.source, u.disabled, ${ISO('u.created_at')} AS created_at,
  ${ISO('u.last_login_at')} AS last_login_at,
  coalesce((SELECT array_agg(t.name ORDER BY t.name) FROM user_teams l JOIN teams t ON t.id = l.team_id
    WHERE l.user_id = u.id), '{}') AS teams`;

/** What signing in needs to know about an account. */
export interface LoginAccount {
  id: string;
  username: string;
  password_hash: string | null;
  disabled: boolean;
  /** Seconds until the lockout ends; 0 when not locked. */
  locked_for: number;
}

/** A user with the teams that make up their scope. */
export interface UserWithTeams {
  id: string;
  username: string;
  role: Role;
  disabled: boolean;
  teams: TeamMembership[];
}

export class UsersRepository {
  constructor(private readonly db: Database) {}

  /** Undefined when the username is taken. */
  async create(input: {
    username: string;
    password: string | null;
    role: Role;
    teams: readonly string[];
  }): Promise<UserInfo | undefined> {
    const id = randomUUID();
    const hash = input.password === null ? null : await hashPassword(input.password);
    const rows = await this.db.query<{ id: string }>(
      `INSERT INTO users (id, username, password_hash, role, source, created_at)
       VALUES ($1, $2, $3, $4, 'local', now()) ON CONFLICT (username) DO NOTHING RETURNING id`,
      [id, input.username, hash, input.role],
    );
    if (rows.length === 0) return undefined;
    await this.setTeams(id, input.teams);
    return this.get(id);
  }

  /** Creates or refreshes a single-sign-on user: role and teams follow the provider's groups. */
  async upsertExternal(input: {
    subject: string;
    username: string;
    role: Role;
    teams: readonly string[];
  }): Promise<{ id: string; username: string }> {
    const rows = await this.db
      .query<{ id: string; username: string }>(
        `INSERT INTO users (id, username, role, source, subject, created_at)
       VALUES ($1, $2, $3, 'oidc', $4, now())
       ON CONFLICT (subject) DO UPDATE SET role = EXCLUDED.role
       RETURNING id, username`,
        [randomUUID(), input.username, input.role, input.subject],
      )
      .catch((err: unknown) => {
        // The username belongs to another account (a local one): never merge them silently.
        if ((err as { code?: string }).code === '23505') {
          throw new ApiError(
            409,
            'username_taken',
            `another account already has the username ${JSON.stringify(input.username)}`,
          );
        }
        throw err;
      });
    const row = rows[0];
    await this.setTeams(row!.id, input.teams);
    return row!;
  }

  list(): Promise<UserInfo[]> {
    return this.db.query<UserInfo>(`SELECT ${INFO} FROM users u ORDER BY u.username`);
  }

  async get(id: string): Promise<UserInfo | undefined> {
    return (
      await this.db.query<UserInfo>(`SELECT ${INFO} FROM users u WHERE u.id::text = $1`, [id])
    )[0];
  }

  async update(id: string, patch: UpdateUser): Promise<UserInfo | undefined> {
    const hash = patch.password === undefined ? null : await hashPassword(patch.password);
    const rows = await this.db.query<{ id: string }>(
      `UPDATE users SET password_hash = coalesce($2, password_hash), role = coalesce($3, role),
         disabled = coalesce($4, disabled),
         failed_logins = CASE WHEN $2 IS NULL THEN failed_logins ELSE 0 END,
         locked_until = CASE WHEN $2 IS NULL THEN locked_until END
       WHERE id::text = $1 RETURNING id`,
      [id, hash, patch.role ?? null, patch.disabled ?? null],
    );
    if (rows.length === 0) return undefined;
    if (patch.teams !== undefined) await this.setTeams(rows[0]!.id, patch.teams);
    // A new password or a disabled account ends every session of that user.
    if (hash !== null || patch.disabled === true)
      await this.db.query(`DELETE FROM sessions WHERE user_id = $1`, [rows[0]!.id]);
    return this.get(id);
  }

  async delete(id: string): Promise<UserInfo | undefined> {
    const before = await this.get(id);
    if (before) await this.db.query(`DELETE FROM users WHERE id = $1`, [before.id]);
    return before;
  }

  /** Admins left that can sign in: the last one cannot be removed, demoted or disabled. */
  async activeAdmins(): Promise<string[]> {
    const rows = await this.db.query<{ id: string }>(
      `SELECT id FROM users WHERE role = 'admin' AND NOT disabled`,
    );
    return rows.map((r) => r.id);
  }

  /**
   * Usernames a group may be assigned to: enabled analysts and admins; for a team member
   * (`teams` given) only the admins and those who share one of their teams.
   */
  async assignees(teams: string[] | undefined): Promise<string[]> {
    const rows = await this.db.query<{ username: string }>(
      `SELECT u.username FROM users u
       WHERE NOT u.disabled AND u.role IN ('analyst', 'admin')
         AND ($1::text[] IS NULL OR u.role = 'admin' OR EXISTS (
           SELECT 1 FROM user_teams l JOIN teams t ON t.id = l.team_id
           WHERE l.user_id = u.id AND t.name = ANY($1::text[])))
       ORDER BY u.username`,
      [teams ?? null],
    );
    return rows.map((r) => r.username);
  }

  /** Whether `username` names an account that is not disabled (a triage assignee). */
  async isEnabled(username: string): Promise<boolean> {
    const rows = await this.db.query(`SELECT 1 FROM users WHERE username = $1 AND NOT disabled`, [
      username,
    ]);
    return rows.length > 0;
  }

  async count(): Promise<number> {
    const [row] = await this.db.query<{ n: string | number }>(`SELECT count(*) AS n FROM users`);
    return Number(row?.n ?? 0);
  }

  async forLogin(username: string): Promise<LoginAccount | undefined> {
    const rows = await this.db.query<LoginAccount>(
      `SELECT id, username, password_hash, disabled,
         greatest(0, ceil(extract(epoch FROM locked_until - now())))::int AS locked_for
       FROM users WHERE username = $1 AND source = 'local'`,
      [username],
    );
    return rows[0];
  }

  /** Counts a wrong password; locks the account for `lockSeconds` at `max` in a row. */
  async failedLogin(id: string, max: number, lockSeconds: number): Promise<{ locked: boolean }> {
    const [row] = await this.db.query<{ locked: boolean }>(
      `UPDATE users SET
         failed_logins = CASE WHEN failed_logins + 1 >= $2 THEN 0 ELSE failed_logins + 1 END,
         locked_until = CASE WHEN failed_logins + 1 >= $2
           THEN now() + make_interval(secs => $3) ELSE locked_until END
       WHERE id = $1 RETURNING (locked_until > now()) AS locked`,
      [id, max, lockSeconds],
    );
    return { locked: row?.locked === true };
  }

  async succeededLogin(id: string): Promise<void> {
    await this.db.query(
      `UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = now() WHERE id = $1`,
      [id],
    );
  }

  private setTeams(id: string, names: readonly string[]): Promise<unknown> {
    return this.db.query(setMembershipsSql('user_teams', 'user_id'), [id, names]);
  }
}
