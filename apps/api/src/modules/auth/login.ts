import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Login } from '@aerie/contracts';
import { ApiError } from '../../shared/api-error.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { AerieConfig } from '../config/config.schema.js';
import { RateLimiter } from '../security/rate-limiter.js';
import type { UsersRepository } from '../users/users.repository.js';
import { verifyPassword } from './password.js';
import type { Sessions } from './sessions.js';

/** Attempts an address may make at once before the per-second rate applies. */
const LOGIN_BURST = 10;

/**
 * Password sign-in with two brakes: a rate limit per address (slows spraying across accounts)
 * and a lockout per account after `maxFailedLogins` wrong passwords in a row (slows guessing one).
 */
export class PasswordLogin {
  private readonly perAddress: RateLimiter;

  constructor(
    private readonly users: UsersRepository,
    private readonly sessions: Sessions,
    private readonly audit: AuditLog,
    private readonly config: AerieConfig['auth'],
  ) {
    this.perAddress = new RateLimiter({ perSecond: config.loginRateLimit, burst: LOGIN_BURST });
  }

  /**
   * Signs in and returns the session id, or throws 401 (wrong credentials) / 429 (too many
   * attempts, account locked).
   */
  async login(req: FastifyRequest, reply: FastifyReply, input: Login): Promise<string> {
    const rate = this.perAddress.take(req.ip);
    if (!rate.allowed) {
      throw tooMany(
        'too_many_attempts',
        `too many sign-in attempts from this address; try again in ${rate.retryAfterSeconds} s`,
        rate.retryAfterSeconds,
      );
    }
    const account = await this.users.forLogin(input.username);
    if (account && account.locked_for > 0) {
      await this.fail(req, input.username, 'locked');
      throw locked(account.locked_for);
    }
    const ok = await verifyPassword(account?.password_hash ?? null, input.password);
    if (!account || !ok || account.disabled) {
      let nowLocked = false;
      if (account && !ok) {
        nowLocked = (
          await this.users.failedLogin(
            account.id,
            this.config.maxFailedLogins,
            this.config.lockoutSeconds,
          )
        ).locked;
      }
      await this.fail(req, input.username, nowLocked ? 'locked now' : 'wrong credentials');
      if (nowLocked) throw locked(this.config.lockoutSeconds);
      throw new ApiError(401, 'invalid_credentials', 'wrong username or password');
    }
    return this.sessions.start(req, reply, account.id);
  }

  private fail(req: FastifyRequest, username: string, reason: string): Promise<void> {
    return this.audit.append({
      actor: 'anonymous',
      action: 'auth.login_failed',
      target: `user:${username}`,
      sourceIp: req.ip,
      after: { reason },
    });
  }
}

function locked(seconds: number): ApiError {
  const minutes = Math.ceil(seconds / 60);
  return tooMany(
    'account_locked',
    `this account is locked after too many wrong passwords; try again in ${minutes} min or ask an admin to reset the password`,
    seconds,
  );
}

function tooMany(code: string, message: string, retryAfter: number): ApiError {
  return new ApiError(429, code, message, undefined, { 'retry-after': String(retryAfter) });
}
