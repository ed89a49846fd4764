import type { FastifyRequest } from 'fastify';
import { ApiError } from '../../shared/api-error.js';
import type { TokenAuth } from '../tokens/token-auth.js';
import type { VerifiedToken } from '../tokens/tokens.repository.js';
import type { AuditLog } from './audit-log.js';

/** One `auth.denied` entry per address and minute at most: refusals must not flood the log. */
const DENIED_EVERY_MS = 60_000;

/** Admin endpoints: a token with `admin`; refusals are written to the audit log. */
export class AdminGate {
  private readonly lastDenied = new Map<string, number>();

  constructor(
    private readonly auth: TokenAuth,
    private readonly audit: AuditLog,
  ) {}

  async check(req: FastifyRequest): Promise<VerifiedToken> {
    try {
      return await this.auth.require(req, 'admin');
    } catch (err) {
      if (
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
