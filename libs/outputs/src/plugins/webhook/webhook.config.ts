import { z } from 'zod';
import { headersSchema } from './http-headers.js';
import { SIGNATURE_HEADERS } from './webhook.signature.js';

/** Standard Webhooks secret: `whsec_` + base64 of 24–64 random bytes. */
const SECRET = /^whsec_[A-Za-z0-9+/]+={0,2}$/;

export const WebhookConfigSchema = z.object({
  /** Where to send (Falcosidekick `webhook.address`); also the endpoint override for tests. */
  url: z.url({ protocol: /^https?$/ }),
  method: z.enum(['POST', 'PUT']).default('POST'),
  /** `event`: Aerie's stored event (normalized fields); `falco`: the payload as Falco sent it. */
  payload: z.enum(['event', 'falco']).default('event'),
  headers: headersSchema(['content-type', ...SIGNATURE_HEADERS]),
  /** Signing secret; without it requests are sent unsigned. A secret (see `secretFields`). */
  secret: z
    .string()
    .regex(SECRET, 'must be whsec_ followed by base64')
    .refine((s) => {
      const bytes = Buffer.from(s.slice('whsec_'.length), 'base64').length;
      return bytes >= 24 && bytes <= 64;
    }, 'must hold 24 to 64 bytes of key material')
    .optional(),
});
export type WebhookConfig = z.infer<typeof WebhookConfigSchema>;
