import type { HttpOutputPlugin, IndexerAck } from '../../output.js';
import { splunkAck } from './splunk.ack.js';
import { classifyHec } from './splunk.classify.js';
import { SplunkConfigSchema, type SplunkConfig } from './splunk.config.js';
import { renderHec } from './splunk.render.js';

/**
 * Splunk HTTP Event Collector (`/services/collector/event`): batches of JSON envelopes, gzip,
 * answered event by event when HEC stops inside a batch (`invalid-event-number`). With `ack: true`
 * the engine polls indexer acknowledgement (`ack`, docs/outputs/splunk.md).
 */
export const splunkOutput: HttpOutputPlugin<SplunkConfig> & { ack: IndexerAck<SplunkConfig> } = {
  type: 'splunk',
  title: 'Splunk HEC',
  description:
    'Splunk HTTP Event Collector: every event as JSON with its exact time, in batches, to an index, source and sourcetype.',
  configSchema: SplunkConfigSchema,
  // Custom headers often carry proxy credentials.
  secretFields: ['token', 'headers'],
  // ~1–3 KB an event: 50 stay far below Splunk Cloud's reported 1 MB per request.
  maxBatch: 50,
  render: renderHec,
  classify: classifyHec,
  ack: splunkAck,
};
