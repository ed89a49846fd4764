import { z } from 'zod';
import { headersSchema } from '../webhook/http-headers.js';

/**
 * `workflows`: an Adaptive Card for a Power Automate "Workflows" webhook (the current way).
 * `messagecard`: the legacy O365-connector `MessageCard` (Falcosidekick's payload), for connectors
 * that still run; Microsoft is retiring them (NOTES.md §2).
 */
export const TEAMS_MODES = ['workflows', 'messagecard'] as const;
/** `all`: output text and facts; `text`: output text only; `facts`: facts only (Falcosidekick's). */
export const TEAMS_OUTPUT_FORMATS = ['all', 'text', 'facts'] as const;

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

/**
 * Settings of a Microsoft Teams output. Names follow Falcosidekick's `teams.*` keys (camel-cased);
 * `minimumpriority` is a route filter in Aerie. Strict: a misspelt key is an error.
 */
export const TeamsConfigSchema = z.strictObject({
  webhookUrl: httpUrl.describe(
    'The Workflows trigger URL (its `sig` is a SAS signature) or the connector URL (a secret).',
  ),
  headers: headersSchema(['content-type']),
  mode: z
    .enum(TEAMS_MODES)
    .default('workflows')
    .describe(
      '`workflows`: an Adaptive Card for a Workflows webhook; `messagecard`: the legacy connector card.',
    ),
  outputFormat: z
    .enum(TEAMS_OUTPUT_FORMATS)
    .default('all')
    .describe('`all`: output text and facts; `text`: output text only; `facts`: facts only.'),
  activityImage: httpUrl
    .optional()
    .describe('A small image beside the title (Falcosidekick `activityimage`); none by default.'),
});
export type TeamsConfig = z.infer<typeof TeamsConfigSchema>;
