import type { FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { AuditLog } from '../audit/audit-log.js';

/** Anonymous failures (bad state, cancelled consent): one entry per address and minute. */
const ANONYMOUS_EVERY_MS = 60_000;

export interface OidcFailure {
  /** The error code answered (`oidc_state_mismatch`, `oidc_no_role`, …). */
  reason: string;
  /** Known once the provider vouched for someone. */
  username?: string;
  /** Groups the provider sent, for `oidc_no_role`: why nothing matched. */
  groups?: string[];
}

/**
 * Writes `auth.oidc_failed` entries. Failures before the provider identified anyone can be
 * produced by anybody hitting the callback, so they are thinned out per address; failures of
 * identified people are always kept (each needed a real sign-in at the provider).
 */
export class OidcFailures {
  private readonly lastAnonymous = new Map<string, number>();

  constructor(
    private readonly audit: AuditLog,
    private readonly issuer: string,
    private readonly logger: Logger,
  ) {}

  /** Never throws: the refusal the browser gets matters more than a failed audit write. */
  async record(req: FastifyRequest, failure: OidcFailure): Promise<void> {
    if (failure.username === undefined && !this.shouldRecordAnonymous(req.ip)) return;
    await this.write(req, failure).catch((err: unknown) => {
      this.logger.error({ err, reason: failure.reason }, 'could not audit a failed OIDC sign-in');
    });
  }

  private write(req: FastifyRequest, failure: OidcFailure): Promise<void> {
    return this.audit.append({
      actor: failure.username === undefined ? 'anonymous' : `user:${failure.username}`,
      action: 'auth.oidc_failed',
      target: failure.username === undefined ? this.issuer : `user:${failure.username}`,
      sourceIp: req.ip,
      after: {
        reason: failure.reason,
        issuer: this.issuer,
        ...(failure.groups ? { groups: failure.groups.slice(0, 100) } : {}),
      },
    });
  }

  private shouldRecordAnonymous(ip: string): boolean {
    const now = Date.now();
    if ((this.lastAnonymous.get(ip) ?? 0) > now - ANONYMOUS_EVERY_MS) return false;
    if (this.lastAnonymous.size >= 10_000) this.lastAnonymous.clear();
    this.lastAnonymous.set(ip, now);
    return true;
  }
}
