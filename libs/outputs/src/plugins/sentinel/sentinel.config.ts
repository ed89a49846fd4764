import { z } from 'zod';
import { headersSchema } from '../webhook/http-headers.js';

/** The Logs Ingestion API version this plugin speaks (the saved swagger's). */
export const API_VERSION = '2023-01-01';

export const SentinelConfigSchema = z.object({
  tenantId: z
    .string()
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9.-]{0,252}$/,
      'must be the Entra tenant id (a GUID) or its domain',
    )
    .describe('The Microsoft Entra tenant (directory) id of the app registration.'),
  clientId: z.uuid().describe('The application (client) id of the app registration.'),
  clientSecret: z
    .string()
    .min(1)
    .describe(
      "A client secret of the app registration (a secret). The app needs the 'Monitoring Metrics Publisher' role on the data collection rule.",
    ),
  endpoint: z
    .url({ protocol: /^https?$/ })
    .describe(
      "The data collection endpoint (DCE) or the DCR's logs ingestion endpoint, e.g. `https://my-dce-abcd.westeurope-1.ingest.monitor.azure.com`.",
    ),
  dcrImmutableId: z
    .string()
    .regex(/^dcr-[0-9a-f]{32}$/, 'must be the immutable id of the rule, dcr- and 32 hex digits')
    .describe("The data collection rule's immutable id (`dcr-…`)."),
  stream: z
    .string()
    .regex(/^Custom-[A-Za-z0-9_]+$/, 'must be a custom stream name, Custom-…')
    .default('Custom-FalcoEvents')
    .describe("The stream declared in the DCR for Aerie's columns (docs/outputs/sentinel.md)."),
  authorityHost: z
    .url({ protocol: /^https?$/ })
    .default('https://login.microsoftonline.com')
    .describe(
      'Where tokens come from: `https://login.microsoftonline.com`, `https://login.microsoftonline.us` (US Government), `https://login.chinacloudapi.cn` (China).',
    ),
  scope: z
    .string()
    .min(1)
    .default('https://monitor.azure.com//.default')
    .describe(
      'The token scope: `https://monitor.azure.com//.default`; `https://monitor.azure.us//.default` or `https://monitor.azure.cn//.default` in those clouds.',
    ),
  gzip: z
    .boolean()
    .default(true)
    .describe('Compress requests with gzip (the 1 MB limit applies before compression anyway).'),
  headers: headersSchema([
    'content-type',
    'content-encoding',
    'authorization',
    'x-ms-client-request-id',
  ]),
});
export type SentinelConfig = z.infer<typeof SentinelConfigSchema>;

function base(url: string): string {
  return url.replace(/\/+$/, '');
}

export function tokenUrl(config: SentinelConfig): string {
  return `${base(config.authorityHost)}/${encodeURIComponent(config.tenantId)}/oauth2/v2.0/token`;
}

export function ingestionUrl(config: SentinelConfig): string {
  return (
    `${base(config.endpoint)}/dataCollectionRules/${config.dcrImmutableId}` +
    `/streams/${config.stream}?api-version=${API_VERSION}`
  );
}
