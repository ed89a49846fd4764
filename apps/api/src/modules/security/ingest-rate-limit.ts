import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AerieConfig } from '../config/config.schema.js';
import type { IngestMetrics } from '../metrics/ingest.metrics.js';
import { RateLimiter } from './rate-limiter.js';
import { requestCredential, type TokenAuth } from '../tokens/token-auth.js';

const INGEST_ROUTES = new Set(['/', '/test', '/api/v1/events']);

/**
 * Per token (when the request carries one) or else per client address, before the body is read
 * and before any database work: 429 with Retry-After. Off unless
 * ingest.rateLimit.perSecond > 0 (one noisy node should not crowd out the fleet, but a
 * Falco fleet's bursts are normal).
 */
export function addIngestRateLimit(
  fastify: FastifyInstance,
  config: AerieConfig['ingest']['rateLimit'],
  metrics: IngestMetrics,
  auth: TokenAuth,
): void {
  if (config.perSecond <= 0) return;
  const limiter = new RateLimiter({
    perSecond: config.perSecond,
    burst: config.burst ?? Math.max(1, 2 * config.perSecond),
  });
  fastify.addHook('onRequest', async (req, reply) => {
    if (req.method !== 'POST' || !INGEST_ROUTES.has(req.routeOptions.url ?? '')) return;
    const decision = limiter.take(rateKey(req, auth));
    if (decision.allowed) return;
    metrics.refused('rate_limited');
    return reply
      .status(429)
      .header('retry-after', String(decision.retryAfterSeconds))
      .send({
        error: 'rate_limited',
        message: `too many requests: at most ${config.perSecond} per second per token or address (ingest.rateLimit); retry after ${decision.retryAfterSeconds} s`,
      });
  });
}

/**
 * A verified token's own budget; anything else — no token, or one not (yet) known to be valid —
 * spends the address's, so random tokens cannot open fresh budgets.
 */
function rateKey(req: FastifyRequest, auth: TokenAuth): string {
  const secret = requestCredential(req);
  const token = secret === undefined ? undefined : auth.known(secret);
  return token ? `token:${token.id}` : `ip:${req.ip}`;
}
