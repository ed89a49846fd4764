import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SiemType } from './formats.js';

/**
 * Aerie's settings for one output of each type pointing at the local receiver (see
 * libs/outputs/src/plugins/<type>/*.config.ts); every other setting keeps its default (gzip on
 * for HEC and Sentinel, off for Elasticsearch and Loki). The credentials are made up: the
 * receivers check their shape, not their value.
 */
export function outputConfig(type: SiemType, receiverUrl: string): Record<string, unknown> {
  const url = receiverUrl.replace(/\/+$/, '');
  switch (type) {
    case 'splunk':
      return { url: `${url}/services/collector/event`, token: 'bench-hec-token' };
    case 'elasticsearch':
      return { url, apiKey: 'YmVuY2g6a2V5' };
    case 'loki':
      return { url };
    case 'sentinel':
      return {
        tenantId: 'bench.example.com',
        clientId: '00000000-0000-4000-8000-0000000000be',
        clientSecret: 'bench-client-secret',
        endpoint: url,
        dcrImmutableId: `dcr-${'0'.repeat(31)}1`,
        authorityHost: url,
      };
    case 'syslog':
      return { host: '127.0.0.1', port: Number(new URL(receiverUrl).port), protocol: 'tcp' };
  }
}

/** Each plugin's `maxBatch` (events per request), read from the built libs/outputs. */
export async function maxBatches(repoRoot: string): Promise<Map<string, number>> {
  const index = join(repoRoot, 'libs', 'outputs', 'dist', 'index.js');
  const lib = (await import(pathToFileURL(index).href)) as {
    OUTPUT_PLUGINS: ReadonlyMap<string, { maxBatch: number }>;
  };
  return new Map([...lib.OUTPUT_PLUGINS].map(([type, plugin]) => [type, plugin.maxBatch]));
}
