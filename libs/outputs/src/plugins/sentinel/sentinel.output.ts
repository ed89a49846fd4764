import type { HttpOutputPlugin } from '../../output.js';
import { sentinelAuth } from './sentinel.auth.js';
import { classifySentinel } from './sentinel.classify.js';
import { SentinelConfigSchema, type SentinelConfig } from './sentinel.config.js';
import { renderSentinel } from './sentinel.render.js';

/**
 * Microsoft Sentinel through the Azure Monitor Logs Ingestion API (not the retired HTTP Data
 * Collector API): batches of records into a custom table via a data collection rule.
 */
export const sentinelOutput: HttpOutputPlugin<SentinelConfig> = {
  type: 'sentinel',
  title: 'Microsoft Sentinel',
  description:
    'Microsoft Sentinel / Azure Monitor Logs Ingestion API: events as rows of a custom Log Analytics table, through a data collection rule.',
  configSchema: SentinelConfigSchema,
  secretFields: ['clientSecret', 'headers'],
  // Typical records are 1.5–3 KB: 200 stay well under the 1 MB a call without cutting any.
  maxBatch: 200,
  auth: sentinelAuth,
  render: renderSentinel,
  classify: classifySentinel,
};
