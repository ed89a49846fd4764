import type { HttpOutputPlugin } from '../../output.js';
import { classifyLoki } from './loki.classify.js';
import { LokiConfigSchema, type LokiConfig } from './loki.config.js';
import { renderLoki } from './loki.render.js';

/** Grafana Loki push API (JSON): batches of events, a few bounded labels, each line the event. */
export const lokiOutput: HttpOutputPlugin<LokiConfig> = {
  type: 'loki',
  title: 'Grafana Loki',
  description:
    'Grafana Loki (or Grafana Cloud Logs) push API: each event a JSON log line, in streams labelled by source, priority, cluster and boundary.',
  configSchema: LokiConfigSchema,
  // Custom headers often carry proxy credentials.
  secretFields: ['password', 'bearerToken', 'headers'],
  // About 1 MB of typical events, Grafana Alloy's default batch size.
  maxBatch: 500,
  render: renderLoki,
  classify: classifyLoki,
};
