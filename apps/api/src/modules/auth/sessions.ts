import { createHash, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Role } from '@aerie/contracts';
import type { Database } from '../database/database.js';
import type { AuditLog } from '../audit/audit-log.js';
import { membershipsSql, type TeamMembership } from '../teams/teams.repository.js';

export const SESSION_COOKIE = 'aerie_session';

/** A live session and the user behind it. */
export interface SessionUser {
  userId: string;
  username: string;
  role: Role;
  teams: TeamMembership[];
  csrfToken: string;
}

function hashId(id: string): Buffer {
  return createHash('sha256').update(id).digest();
}

/**
 * Browser sessions: a 256-bit random id in an HttpOnly, SameSite=Strict cookie (Secure when
 * served over TLS); the database keeps only its SHA-256, so a leaked table signs nobody in.
 * Each session has a CSRF token that state-changing requests must echo (Access checks it).
 */
export class Sessions {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
    private readonly ttlSeconds: number,
    private readonly secure: boolean,
  ) {}

  /**
   * Signs `userId` in: a new session, its cookie on `reply`, `auth.login` in the audit log.
   * Returns the session id (the cookie's value).
   */
  async start(req: FastifyRequest, reply: FastifyReply, userId: string): Promise<string> {
    const id = randomBytes(32).toString('base64url');
    const [row] = await this.db.query<{ username: string }>(
      `WITH s AS (INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, expires_at, source_ip)
         VALUES ($1, $2, $3, now(), now() + make_interval(secs => $4), $5) RETURNING user_id)
       UPDATE users u SET failed_logins = 0, locked_until = NULL, last_login_at = now()
       FROM s WHERE u.id = s.user_id RETURNING u.username`,
      [hashId(id), userId, randomBytes(24).toString('base64url'), this.ttlSeconds, req.ip],
    );
    // Expired sessions go as new ones come: the table stays the size of the live ones.
    await this.db.query(`DELETE FROM sessions WHERE expires_at < now()`);
    reply.setCookie(SESSION_COOKIE, id, {
      httpOnly: true,
      sameSite: 'strict',
      secure: this.secureFor(req),
      path: '/',
      maxAge: this.ttlSeconds,
    });
    await this.audit.append({
      actor: `user:${row?.username ?? userId}`,
      action: 'auth.login',
      target: `user:${row?.username ?? userId}`,
      sourceIp: req.ip,
    });
    return id;
  }

  /** The user of the request's session cookie, if it is live and the account enabled. */
  current(req: FastifyRequest): Promise<SessionUser | undefined> {
    const id = req.cookies[SESSION_COOKIE];
    return id ? this.lookup(id) : Promise.resolve(undefined);
  }

  async lookup(id: string): Promise<SessionUser | undefined> {
    const rows = await this.db.query<{
      user_id: string;
      username: string;
      role: Role;
      csrf_token: string;
      teams: TeamMembership[] | string;
    }>(
      `SELECT u.id AS user_id, u.username, u.role, s.csrf_token,
         ${membershipsSql('user_teams', 'user_id', 'u.id')} AS teams
       FROM sessions s JOIN users u ON u.id = s.user_id
       WHERE s.id_hash = $1 AND s.expires_at > now() AND NOT u.disabled`,
      [hashId(id)],
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      userId: row.user_id,
      username: row.username,
      role: row.role,
      csrfToken: row.csrf_token,
      // PGlite returns jsonb parsed, pg too; text only if a driver does not.
      teams:
        typeof row.teams === 'string' ? (JSON.parse(row.teams) as TeamMembership[]) : row.teams,
    };
  }

  /** Ends the request's session (and clears expired ones while at it). */
  async end(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const id = req.cookies[SESSION_COOKIE];
    if (id) {
      await this.db.query(`DELETE FROM sessions WHERE id_hash = $1 OR expires_at < now()`, [
        hashId(id),
      ]);
    }
    reply.clearCookie(SESSION_COOKIE, {
      path: '/',
      httpOnly: true,
      sameSite: 'strict',
      secure: this.secureFor(req),
    });
  }

  /**
   * Secure when Aerie serves TLS, or when a TLS-terminating proxy says the browser used HTTPS
   * (a spoofed header only makes the cookie stricter).
   */
  private secureFor(req: FastifyRequest): boolean {
    return this.secure || req.headers['x-forwarded-proto'] === 'https';
  }
}
