import { createHmac } from 'node:crypto';

/**
 * Signing as in the Standard Webhooks spec (v1): HMAC-SHA256 over `id.timestamp.body` with the
 * base64-decoded `whsec_` secret, sent as `webhook-signature: v1,<base64>` beside `webhook-id`
 * and `webhook-timestamp` (Unix seconds). Receivers can use any Standard Webhooks library or the
 * snippet in docs/outputs/webhook.md; the timestamp lets them refuse replays.
 */
export const SIGNATURE_HEADERS = ['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const;

export function signatureHeaders(
  secret: string,
  id: string,
  timestampSeconds: number,
  body: string,
): Record<(typeof SIGNATURE_HEADERS)[number], string> {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const timestamp = String(timestampSeconds);
  const mac = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  return { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${mac}` };
}
