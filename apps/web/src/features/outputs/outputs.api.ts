import {
  IngestAckSchema,
  ReplayResultSchema,
  type IngestAck,
  type ReplayResult,
} from '@aerie/contracts';
import { request } from '../../shared/api';

const outputPath = (name: string): string => `/api/v1/outputs/${encodeURIComponent(name)}`;

/**
 * A definition as the form builds it from its type's schema (`name`, `enabled`, `config`,
 * `route`, `delivery`); the server checks it and names the fields it refuses.
 */
export type NewOutput = Record<string, unknown> & { type: string };

/**
 * A change (PATCH): any of `enabled`, `config`, `route`, `delivery`, each replaced whole; a
 * secret sent back as the API showed it (masked) keeps its stored value.
 */
export type OutputChange = Record<string, unknown>;

export function createOutput(body: NewOutput): Promise<void> {
  return request('POST', '/api/v1/outputs', { body });
}

export function updateOutput(name: string, change: OutputChange): Promise<void> {
  return request('PATCH', outputPath(name), { body: change });
}

export function deleteOutput(name: string): Promise<void> {
  return request('DELETE', outputPath(name));
}

/** Stores a test event and delivers it to this output only; its deliveries say how it went. */
export function sendTest(name: string): Promise<IngestAck> {
  return request('POST', `${outputPath(name)}/test`, { schema: IngestAckSchema });
}

export function replayDelivery(id: string): Promise<ReplayResult> {
  return request('POST', `/api/v1/deliveries/${encodeURIComponent(id)}/replay`, {
    schema: ReplayResultSchema,
  });
}

/** Every dead delivery of one output, sent again with a fresh attempt budget. */
export function replayAllDead(output: string): Promise<ReplayResult> {
  return request('POST', '/api/v1/deliveries/replay', {
    body: { output },
    schema: ReplayResultSchema,
  });
}
