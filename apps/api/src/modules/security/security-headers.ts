import type { FastifyInstance } from 'fastify';

/**
 * Headers every response carries. The dashboard and the API docs load scripts only from Aerie
 * itself; Swagger UI and React set inline styles; Swagger UI draws icons from data: URIs.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; '),
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

/** HSTS only where it means something: on a server that speaks TLS. */
const HSTS = { 'strict-transport-security': 'max-age=31536000' };

export function addSecurityHeaders(fastify: FastifyInstance, tls: boolean): void {
  const headers = tls ? { ...SECURITY_HEADERS, ...HSTS } : SECURITY_HEADERS;
  fastify.addHook('onSend', async (_req, reply, payload) => {
    void reply.headers(headers);
    return payload;
  });
}
