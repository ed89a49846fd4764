import type { HttpOutputPlugin } from '../../output.js';
import { classifySlack } from './slack.classify.js';
import { SlackConfigSchema, type SlackConfig } from './slack.config.js';
import { renderSlack } from './slack.render.js';

/** Slack incoming webhook: one Block Kit message per event, coloured by priority. */
export const slackOutput: HttpOutputPlugin<SlackConfig> = {
  type: 'slack',
  title: 'Slack',
  description: 'A Slack incoming webhook: one Block Kit message per event, coloured by priority.',
  configSchema: SlackConfigSchema,
  // The webhook URL is the credential; custom headers often carry proxy credentials.
  secretFields: ['webhookUrl', 'headers'],
  // An incoming webhook posts one message per request.
  maxBatch: 1,
  render: renderSlack,
  classify: classifySlack,
};
