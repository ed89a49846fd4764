import { z } from 'zod';
import { headersSchema } from './http-headers.js';
import { SIGNATURE_HEADERS } from './webhook.signature.js';

/** Standard Webhooks secret: `whsec_` + base64 of 24–64 random bytes. */
const SECRET = /^whsec_[A-Za-z0-9+/]+={0,2}$/;

export const WebhookConfigSchema = z.object({
  url: z.url({ protocol: /^https?$/ }).describe('Where to send (Falcosidekick `webhook.address`).'),
  method: z.enum(['POST', 'PUT']).default('POST').describe('The HTTP method.'),
  payload: z
    .enum(['event', 'falco'])
    .default('event')
    .describe(
      "`event`: Aerie's stored event (normalized fields); `falco`: the payload as Falco sent it.",
    ),
  headers: headersSchema(['content-type', ...SIGNATURE_HEADERS]),
  secret: z
    .string()
    .regex(SECRET, 'must be whsec_ followed by base64')
    .refine((s) => {
      const bytes = Buffer.from(s.slice('whsec_'.length), 'base64').length;
      return bytes >= 24 && bytes <= 64;
    }, 'must hold 24 to 64 bytes of key material')
    .optional()
    .describe(
      'Standard Webhooks signing secret, `whsec_` + base64 of 24–64 random bytes (a secret); without it requests are unsigned.',
    ),
});
export type WebhookConfig = z.infer<typeof WebhookConfigSchema>;
