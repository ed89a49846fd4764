import type { SecurityEvent } from './falco.parser.js';

/**
 * A parsed event's own fields under the names and in the order the API returns a stored event
 * (between its `id, seq, received_at` and its `group_id`): what fixtures build stored events from.
 */
export function apiFields(e: SecurityEvent) {
  return {
    time: e.time,
    priority: e.priority,
    rule: e.rule,
    output: e.output,
    output_fields: e.outputFields,
    source: e.source,
    tags: e.tags,
    hostname: e.hostname,
    cluster: e.cluster,
    namespace: e.namespace,
    workload: e.workload,
    pod: e.pod,
    container_image: e.containerImage,
    boundary: e.boundary,
    fingerprint: e.fingerprint,
  };
}
