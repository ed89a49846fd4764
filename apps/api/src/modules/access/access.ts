import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../../shared/api-error.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { SessionUser, Sessions } from '../auth/sessions.js';
import { requestCredential, type TokenAuth } from '../tokens/token-auth.js';
import type { VerifiedToken } from '../tokens/tokens.repository.js';
import { scopesOfRole, type Principal } from './principal.js';
import { ALL, scopeOfTeams } from './tenant-scope.js';

/**
 * `read`: events, groups, stats (any role; tokens with events:read or siem:read).
 * `triage`: change alert groups (admins and analysts; tokens with the admin scope).
 */
export type Need = 'read' | 'triage' | 'admin';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const DENIED: Readonly<Record<Need, string>> = {
  read: 'this token needs the scope events:read or siem:read',
  triage: 'triage needs the analyst or admin role (or a token with the admin scope)',
  admin: 'this needs the admin role (or a token with the admin scope)',
};
/** One `auth.denied` entry per address and minute at most: refusals must not flood the log. */
const DENIED_EVERY_MS = 60_000;

/**
 * Who may call what, in one place: a session cookie (people) or a Bearer token (machines)
 * becomes a Principal with a role, scopes and a tenant scope; every controller asks here.
 */
export class Access {
  private readonly lastDenied = new Map<string, number>();

  constructor(
    private readonly sessions: Sessions,
    private readonly tokens: TokenAuth,
    private readonly audit: AuditLog,
  ) {}

  /** The principal of a request, or undefined when it carries no credential at all. */
  async identify(req: FastifyRequest): Promise<Principal | undefined> {
    if (requestCredential(req) !== undefined) {
      const token = await this.tokens.identify(req);
      return token && ofToken(token);
    }
    const session = await this.sessions.current(req);
    if (!session) return undefined;
    if (!SAFE_METHODS.has(req.method)) checkCsrf(req, session.csrfToken);
    return ofSession(session);
  }

  /** 401 without a credential, 403 when it does not allow `need`. */
  async require(req: FastifyRequest, need: Need): Promise<Principal> {
    try {
      const principal = await this.identify(req);
      if (!principal) {
        throw new ApiError(
          401,
          'unauthorized',
          'sign in, or send a token (Authorization: Bearer <token>)',
          undefined,
          { 'www-authenticate': 'Bearer' },
        );
      }
      if (!allows(principal, need)) {
        throw new ApiError(403, 'forbidden', DENIED[need]);
      }
      return principal;
    } catch (err) {
      if (
        need === 'admin' &&
        err instanceof ApiError &&
        (err.status === 401 || err.status === 403) &&
        this.shouldRecord(req.ip)
      ) {
        await this.audit.append({
          actor: 'anonymous',
          action: 'auth.denied',
          target: `${req.method} ${req.routeOptions.url ?? req.url.split('?')[0]}`,
          sourceIp: req.ip,
          after: { status: err.status, reason: err.message },
        });
      }
      throw err;
    }
  }

  private shouldRecord(ip: string): boolean {
    const now = Date.now();
    if ((this.lastDenied.get(ip) ?? 0) > now - DENIED_EVERY_MS) return false;
    if (this.lastDenied.size >= 10_000) this.lastDenied.clear();
    this.lastDenied.set(ip, now);
    return true;
  }
}

/** The principal of a verified token. */
export function ofToken(token: VerifiedToken): Principal {
  const admin = token.scopes.includes('admin');
  return {
    kind: 'token',
    id: token.id,
    name: token.name,
    role: admin ? 'admin' : 'viewer',
    scopes: token.scopes,
    teams: token.teams.map((t) => t.name),
    scope: admin ? ALL : scopeOfTeams(token.teams),
  };
}

/** The principal of a live session. */
export function ofSession(session: SessionUser): Principal {
  return {
    kind: 'user',
    id: session.userId,
    name: session.username,
    role: session.role,
    scopes: scopesOfRole(session.role),
    teams: session.teams.map((t) => t.name),
    scope: session.role === 'admin' ? ALL : scopeOfTeams(session.teams),
    csrfToken: session.csrfToken,
  };
}

export function allows(p: Principal, need: Need): boolean {
  if (need === 'admin') return p.scopes.includes('admin');
  // Tokens have no analyst role: only an admin token may change what analysts own.
  if (need === 'triage')
    return p.kind === 'user' ? p.role !== 'viewer' : p.scopes.includes('admin');
  return p.scopes.some((s) => s === 'events:read' || s === 'siem:read' || s === 'admin');
}

/** A cookie is sent by the browser on its own; the CSRF token proves the page asked. */
function checkCsrf(req: FastifyRequest, expected: string): void {
  const sent = req.headers['x-csrf-token'];
  const a = Buffer.from(typeof sent === 'string' ? sent : '');
  const b = Buffer.from(expected);
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    throw new ApiError(
      403,
      'csrf',
      'state-changing requests with a session need the X-CSRF-Token header from /api/v1/auth/me',
    );
  }
}
