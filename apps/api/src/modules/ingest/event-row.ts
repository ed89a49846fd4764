import { priorityRank } from '@aerie/contracts';
import { stringifyLossless, type SecurityEvent } from '@aerie/detectors';

/** One event ready for the batch INSERT: its id and its JSON record (see batch.sql.ts). */
export interface EventRow {
  id: string;
  json: string;
  /** Whether it goes to at least one output (has outbox rows). */
  routed: boolean;
}

/**
 * The JSON record json_to_recordset reads; built once, off the writer's critical path.
 * `outputs`: the ids of the outputs whose routes take this event (its outbox rows).
 */
export function toEventRow(
  id: string,
  e: SecurityEvent,
  outputs: readonly string[] = [],
): EventRow {
  const record = {
    id,
    received_at: e.receivedAt.toISOString(),
    event_time: e.eventTime,
    time: e.time,
    priority: priorityRank(e.priority),
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
    payload: e.payload,
    added_fields: e.addedFields.length > 0 ? e.addedFields : null,
    outputs: outputs.length > 0 ? outputs : null,
  };
  return { id, json: stringifyLossless(record, e.hasRawNumbers), routed: outputs.length > 0 };
}
