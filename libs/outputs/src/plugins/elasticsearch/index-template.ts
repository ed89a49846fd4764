import { indexWildcard } from './index-name.js';

export type SearchFlavor = 'elasticsearch' | 'opensearch';

/** Keywords longer than this are kept in `_source` but not indexed (ECS's own limit). */
const IGNORE_ABOVE = 1024;
/** Under Lucene's 32766-byte term limit for any UTF-8 text (4 bytes a character at most). */
const FLATTENED_IGNORE_ABOVE = 8191;

type Mapping = Record<string, unknown>;

const keyword: Mapping = { type: 'keyword', ignore_above: IGNORE_ABOVE };
const long: Mapping = { type: 'long' };
const object = (properties: Record<string, Mapping>): Mapping => ({ properties });
const endpoint = object({ ip: { type: 'ip' }, port: long });

/**
 * The mappings of every field the plugin writes. `falco.output_fields` is one `flattened` field
 * (`flat_object` on OpenSearch, 2.7+): Falco's dotted names cannot collide inside it.
 */
export function documentMappings(flavor: SearchFlavor): Mapping {
  const text = { type: flavor === 'elasticsearch' ? 'match_only_text' : 'text' };
  const outputFields =
    flavor === 'elasticsearch'
      ? { type: 'flattened', ignore_above: FLATTENED_IGNORE_ABOVE }
      : { type: 'flat_object' };
  return {
    properties: {
      '@timestamp': { type: 'date_nanos' },
      message: text,
      ecs: object({ version: keyword }),
      event: object({
        kind: keyword,
        category: keyword,
        type: keyword,
        severity: long,
        id: keyword,
        created: { type: 'date_nanos' },
        provider: keyword,
        url: keyword,
      }),
      rule: object({ name: keyword }),
      log: object({ level: keyword }),
      observer: object({ product: keyword, vendor: keyword, type: keyword }),
      host: object({ name: keyword, hostname: keyword }),
      orchestrator: object({
        type: keyword,
        cluster: object({ name: keyword }),
        namespace: keyword,
        resource: object({ type: keyword, name: keyword }),
      }),
      container: object({
        id: keyword,
        name: keyword,
        image: object({ name: keyword, tag: keyword }),
      }),
      process: object({
        name: keyword,
        executable: keyword,
        command_line: { ...keyword, fields: { text: { type: 'text' } } },
        pid: long,
        parent: object({ name: keyword, pid: long }),
      }),
      user: object({ name: keyword, id: keyword }),
      file: object({ path: keyword }),
      source: endpoint,
      destination: endpoint,
      client: endpoint,
      server: endpoint,
      threat: object({
        framework: keyword,
        technique: object({ id: keyword, subtechnique: object({ id: keyword }) }),
      }),
      tags: keyword,
      falco: object({
        priority: keyword,
        source: keyword,
        time: keyword,
        output_fields: outputFields,
      }),
      aerie: object({
        event_id: keyword,
        group_id: keyword,
        fingerprint: keyword,
        boundary: keyword,
        workload: keyword,
        truncated: { type: 'boolean' },
      }),
    },
  };
}

/**
 * The composable index template (`PUT _index_template/aerie`) for the configured index or data
 * stream: every index the date pattern names (`falco-%Y.%m.%d` → `falco-*`) gets the mappings.
 * Priority 200 wins over Elasticsearch's built-in `logs-*-*` (100).
 */
export function indexTemplate(
  flavor: SearchFlavor,
  index: string,
  dataStream: boolean,
): Record<string, unknown> {
  return {
    index_patterns: [indexWildcard(index)],
    ...(dataStream ? { data_stream: {} } : {}),
    priority: 200,
    template: { mappings: documentMappings(flavor) },
  };
}
