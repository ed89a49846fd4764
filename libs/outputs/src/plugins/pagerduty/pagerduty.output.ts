import type { HttpOutputPlugin } from '../../output.js';
import { classifyPagerDuty } from './pagerduty.classify.js';
import { PagerDutyConfigSchema, type PagerDutyConfig } from './pagerduty.config.js';
import { renderTrigger } from './pagerduty.render.js';

/** PagerDuty Events API v2: one `trigger` per event, deduplicated per alert group. */
export const pagerDutyOutput: HttpOutputPlugin<PagerDutyConfig> = {
  type: 'pagerduty',
  title: 'PagerDuty',
  description:
    'PagerDuty Events API v2: an incident per alert group, resolved when the group is resolved.',
  configSchema: PagerDutyConfigSchema,
  // Custom headers often carry proxy credentials.
  secretFields: ['routingKey', 'headers'],
  maxBatch: 1,
  render: renderTrigger,
  classify: classifyPagerDuty,
};
