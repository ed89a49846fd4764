import { classifyHttp } from '../../http-outcome.js';
import type { HttpOutputPlugin } from '../../output.js';
import { WebhookConfigSchema, type WebhookConfig } from './webhook.config.js';
import { renderWebhook } from './webhook.render.js';

/** A generic JSON webhook (Falcosidekick's `webhook` output), optionally signed. */
export const webhookOutput: HttpOutputPlugin<WebhookConfig> = {
  type: 'webhook',
  title: 'Webhook',
  description:
    'A JSON POST (or PUT) of each event to any URL, optionally signed (Standard Webhooks).',
  configSchema: WebhookConfigSchema,
  // Custom headers often carry credentials (Authorization).
  secretFields: ['secret', 'headers'],
  maxBatch: 1,
  render: renderWebhook,
  // A generic receiver says nothing beyond its status: the shared reading.
  classify: classifyHttp,
};
