import type { FastifyRequest } from 'fastify';
import type { TokenAuth } from './token-auth.js';
import type { VerifiedToken } from './tokens.repository.js';

/**
 * Who may ingest. Open by default so Falco works with no extra config; with
 * `ingest.requireToken` a token with `events:ingest` is needed. A token that is sent is always
 * checked (a revoked one is refused even on an open ingest) and may pin the events' cluster.
 */
export class IngestGate {
  constructor(
    private readonly auth: TokenAuth,
    private readonly requireToken: boolean,
  ) {}

  async admit(req: FastifyRequest): Promise<VerifiedToken | undefined> {
    if (this.requireToken) return this.auth.require(req, 'events:ingest');
    const token = await this.auth.identify(req);
    return token ? this.auth.require(req, 'events:ingest') : undefined;
  }
}
