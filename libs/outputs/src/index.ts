export * from './output.js';
export * from './http-outcome.js';
export * from './form-schema.js';
export { pagerDutyOutput } from './plugins/pagerduty/pagerduty.output.js';
export {
  PagerDutyConfigSchema,
  type PagerDutyConfig,
} from './plugins/pagerduty/pagerduty.config.js';
export { resolveMessage as pagerDutyResolveMessage } from './plugins/pagerduty/pagerduty.render.js';
export { alertmanagerOutput } from './plugins/alertmanager/alertmanager.output.js';
export {
  AlertmanagerConfigSchema,
  perHost as alertmanagerPerHost,
  type AlertmanagerConfig,
} from './plugins/alertmanager/alertmanager.config.js';
export { webhookOutput } from './plugins/webhook/webhook.output.js';
export { WebhookConfigSchema, type WebhookConfig } from './plugins/webhook/webhook.config.js';
export * from './routing/index.js';
export * from './compat/index.js';
export { OUTPUT_PLUGINS } from './registry.js';
export { slackOutput } from './plugins/slack/slack.output.js';
export { SlackConfigSchema, type SlackConfig } from './plugins/slack/slack.config.js';
export { teamsOutput } from './plugins/teams/teams.output.js';
export { TeamsConfigSchema, type TeamsConfig } from './plugins/teams/teams.config.js';
export { elasticsearchOutput } from './plugins/elasticsearch/elasticsearch.output.js';
export {
  ElasticsearchConfigSchema,
  type ElasticsearchConfig,
} from './plugins/elasticsearch/elasticsearch.config.js';
export { lokiOutput } from './plugins/loki/loki.output.js';
export { LokiConfigSchema, type LokiConfig } from './plugins/loki/loki.config.js';
export { sentinelOutput } from './plugins/sentinel/sentinel.output.js';
export { SentinelConfigSchema, type SentinelConfig } from './plugins/sentinel/sentinel.config.js';
export { syslogOutput } from './plugins/syslog/syslog.output.js';
export { SyslogConfigSchema, type SyslogConfig } from './plugins/syslog/syslog.config.js';
