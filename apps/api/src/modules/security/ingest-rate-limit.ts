import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AerieConfig } from '../config/config.schema.js';
import type { IngestMetrics } from '../metrics/ingest.metrics.js';
import { RateLimiter } from './rate-limiter.js';
import { hashTokenSecret } from '../tokens/token-secret.js';
import { requestCredential } from '../tokens/token-auth.js';

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
): void {
  if (config.perSecond <= 0) return;
  const limiter = new RateLimiter({
    perSecond: config.perSecond,
    burst: config.burst ?? Math.max(1, 2 * config.perSecond),
  });
  fastify.addHook('onRequest', async (req, reply) => {
    if (req.method !== 'POST' || !INGEST_ROUTES.has(req.routeOptions.url ?? '')) return;
    const decision = limiter.take(rateKey(req));
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

/** A token's own budget (keyed by its hash, never the secret), else the address's. */
function rateKey(req: FastifyRequest): string {
  const secret = requestCredential(req);
  return secret === undefined
    ? `ip:${req.ip}`
    : `token:${hashTokenSecret(secret).toString('base64')}`;
}
