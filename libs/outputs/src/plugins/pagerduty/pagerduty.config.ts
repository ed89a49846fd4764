import { z } from 'zod';
import { headersSchema } from '../webhook/http-headers.js';

/** Events API v2 enqueue endpoints by service region (NOTES.md §3). */
export const PAGERDUTY_ENDPOINTS = {
  us: 'https://events.pagerduty.com/v2/enqueue',
  eu: 'https://events.eu.pagerduty.com/v2/enqueue',
} as const;

export const PagerDutyConfigSchema = z.object({
  routingKey: z
    .string()
    .regex(/^[A-Za-z0-9]{32}$/, 'must be the 32-character Events API v2 integration key')
    .describe('The Events API v2 integration key of the service, 32 characters (a secret).'),
  region: z
    .enum(['us', 'eu'])
    .default('us')
    .describe('The PagerDuty service region: a wrong one answers like a bad key.'),
  endpoint: z
    .url({ protocol: /^https?$/ })
    .optional()
    .describe("Replaces the region's endpoint (a proxy, a test receiver)."),
  source: z
    .string()
    .min(1)
    .default('aerie')
    .describe('Sent as `payload.source` when the event has neither hostname nor cluster.'),
  headers: headersSchema(['content-type']),
});
export type PagerDutyConfig = z.infer<typeof PagerDutyConfigSchema>;

export function pagerDutyUrl(config: PagerDutyConfig): string {
  return config.endpoint ?? PAGERDUTY_ENDPOINTS[config.region];
}
