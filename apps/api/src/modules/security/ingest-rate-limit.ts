import type { FastifyInstance } from 'fastify';
import type { AerieConfig } from '../config/config.schema.js';
import type { IngestMetrics } from '../metrics/ingest.metrics.js';
import { RateLimiter } from './rate-limiter.js';

const INGEST_ROUTES = new Set(['/', '/test', '/api/v1/events']);

/**
 * Per client address, before the body is read: 429 with Retry-After. Off unless
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
    const decision = limiter.take(req.ip);
    if (decision.allowed) return;
    metrics.refused('rate_limited');
    return reply
      .status(429)
      .header('retry-after', String(decision.retryAfterSeconds))
      .send({
        error: 'rate_limited',
        message: `too many requests from ${req.ip}: at most ${config.perSecond} per second (ingest.rateLimit); retry after ${decision.retryAfterSeconds} s`,
      });
  });
}
