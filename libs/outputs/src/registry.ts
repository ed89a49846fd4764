import type { OutputPlugin } from './output.js';
import { alertmanagerOutput } from './plugins/alertmanager/alertmanager.output.js';
import { lokiOutput } from './plugins/loki/loki.output.js';
import { elasticsearchOutput } from './plugins/elasticsearch/elasticsearch.output.js';
import { pagerDutyOutput } from './plugins/pagerduty/pagerduty.output.js';
import { sentinelOutput } from './plugins/sentinel/sentinel.output.js';
import { slackOutput } from './plugins/slack/slack.output.js';
import { splunkOutput } from './plugins/splunk/splunk.output.js';
import { syslogOutput } from './plugins/syslog/syslog.output.js';
import { teamsOutput } from './plugins/teams/teams.output.js';
import { webhookOutput } from './plugins/webhook/webhook.output.js';

/** Every output type Aerie knows: adding one is a folder under plugins/ and a line here. */
export const OUTPUT_PLUGINS: ReadonlyMap<string, OutputPlugin<unknown>> = new Map(
  [
    slackOutput,
    teamsOutput,
    pagerDutyOutput,
    alertmanagerOutput,
    webhookOutput,
    splunkOutput,
    elasticsearchOutput,
    lokiOutput,
    sentinelOutput,
    syslogOutput,
  ].map((p) => [p.type, p as OutputPlugin<unknown>]),
);
