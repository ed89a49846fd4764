import type { HttpOutputPlugin } from '../../output.js';
import { classifyBulk } from './elasticsearch.classify.js';
import { ElasticsearchConfigSchema, type ElasticsearchConfig } from './elasticsearch.config.js';
import { renderBulk } from './elasticsearch.render.js';

/** Elasticsearch and OpenSearch `_bulk`: ECS documents, `create` with the event id as `_id`. */
export const elasticsearchOutput: HttpOutputPlugin<ElasticsearchConfig> = {
  type: 'elasticsearch',
  title: 'Elasticsearch / OpenSearch',
  description:
    'Elasticsearch or OpenSearch `_bulk`: one ECS document per event in a dated index or a data stream, never duplicated by a retry.',
  configSchema: ElasticsearchConfigSchema,
  // Custom headers often carry proxy credentials.
  secretFields: ['password', 'apiKey', 'headers'],
  // 100 documents of at most 512 KiB stay under the default 100 MB request limit, and their
  // answer (filtered to status and error) under the 64 KiB the engine reads.
  maxBatch: 100,
  render: renderBulk,
  classify: classifyBulk,
};
