import type { FastifyRequest } from 'fastify';
import { ApiError } from '../../shared/api-error.js';
import type { TokenAuth } from '../tokens/token-auth.js';
import type { VerifiedToken } from '../tokens/tokens.repository.js';
import type { AuditLog } from './audit-log.js';

/** Admin endpoints: a token with `admin`; every refusal is written to the audit log. */
export class AdminGate {
  constructor(
    private readonly auth: TokenAuth,
    private readonly audit: AuditLog,
  ) {}

  async check(req: FastifyRequest): Promise<VerifiedToken> {
    try {
      return await this.auth.require(req, 'admin');
    } catch (err) {
      if (err instanceof ApiError && (err.status === 401 || err.status === 403)) {
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
}
