import type { OutputPlugin } from './output.js';
import { alertmanagerOutput } from './plugins/alertmanager/alertmanager.output.js';
import { pagerDutyOutput } from './plugins/pagerduty/pagerduty.output.js';
import { slackOutput } from './plugins/slack/slack.output.js';
import { teamsOutput } from './plugins/teams/teams.output.js';
import { webhookOutput } from './plugins/webhook/webhook.output.js';

/** Every output type Aerie knows: adding one is a folder under plugins/ and a line here. */
export const OUTPUT_PLUGINS: ReadonlyMap<string, OutputPlugin<unknown>> = new Map(
  [slackOutput, teamsOutput, pagerDutyOutput, alertmanagerOutput, webhookOutput].map((p) => [
    p.type,
    p as OutputPlugin<unknown>,
  ]),
);
