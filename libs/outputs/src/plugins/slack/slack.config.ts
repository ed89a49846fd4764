import { z } from 'zod';
import { headersSchema } from '../webhook/http-headers.js';
import { parseTemplate } from './message-template.js';

/** `all`: output text and fields; `text`: output text only; `fields`: fields only (Falcosidekick's). */
export const SLACK_OUTPUT_FORMATS = ['all', 'text', 'fields'] as const;

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

/**
 * Settings of a Slack incoming-webhook output. Names follow Falcosidekick's `slack.*` keys
 * (camel-cased) so its config maps one to one; `minimumpriority` is a route filter in Aerie, not a
 * plugin setting. Strict: a misspelt key is an error rather than a silently ignored setting.
 */
export const SlackConfigSchema = z.strictObject({
  // The URL is the credential (a secret).
  webhookUrl: httpUrl.describe(
    'The incoming webhook URL, `https://hooks.slack.com/services/T…/B…/…` (a secret).',
  ),
  headers: headersSchema(['content-type']),
  channel: z
    .string()
    .min(1)
    .max(80)
    .optional()
    .describe('Channel override; only legacy (non-app) webhooks honour it.'),
  username: z
    .string()
    .min(1)
    .max(80)
    .optional()
    .describe('Sender name override; app webhooks ignore it.'),
  icon: httpUrl.optional().describe('Avatar URL (`icon_url`); app webhooks ignore it.'),
  outputFormat: z
    .enum(SLACK_OUTPUT_FORMATS)
    .default('all')
    .describe('`all`: output text and fields; `text`: output text only; `fields`: fields only.'),
  messageFormat: z
    .string()
    .min(1)
    .max(3000)
    .superRefine((template, ctx) => {
      const parsed = parseTemplate(template);
      if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.error });
    })
    .optional()
    .describe(
      'A line above the alert, e.g. `Rule *{{ .Rule }}* by {{ index .OutputFields "user.name" }}` (Slack mrkdwn; event values are escaped). Replaces the default headline.',
    ),
  footer: z
    .string()
    .min(1)
    .max(300)
    .optional()
    .describe('Small print under the alert (Falcosidekick `footer`).'),
});
export type SlackConfig = z.infer<typeof SlackConfigSchema>;
