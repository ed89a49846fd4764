import { createGenerator } from '../index.js';
import { keepAliveAgent, pool, post } from './post.js';
import { wallClock } from './protocol.js';

/** N generated alerts as NDJSON bodies of `batchSize` (the same bodies for every run). */
export function ndjsonBatches(events: number, batchSize: number, seed: string): Buffer[] {
  const generator = createGenerator({ seed });
  const batches: Buffer[] = [];
  for (let sent = 0; sent < events; sent += batchSize) {
    const n = Math.min(batchSize, events - sent);
    batches.push(Buffer.from(Array.from({ length: n }, () => generator.nextJson()).join('\n')));
  }
  return batches;
}

export interface IngestRun {
  /** When the first POST was sent and the last answer read (wall-clock ms). */
  startedAt: number;
  endedAt: number;
  /** Each stored event's id and when the 200 carrying it was read. */
  acks: Map<string, number>;
}

/**
 * Posts the batches to `POST /api/v1/events`, `connections` requests in flight; every batch must
 * be stored whole (200 with every event accepted).
 */
export async function ingest(
  baseUrl: string,
  batches: readonly Buffer[],
  connections: number,
): Promise<IngestRun> {
  const agent = keepAliveAgent(connections);
  const url = new URL('/api/v1/events', baseUrl);
  const acks = new Map<string, number>();
  const startedAt = wallClock();
  try {
    await pool(batches.length, connections, async (i) => {
      const answer = await post(
        agent,
        url,
        { 'content-type': 'application/x-ndjson' },
        batches[i]!,
      );
      const at = wallClock();
      if (answer.status !== 200)
        throw new Error(`ingest answered ${answer.status}: ${answer.body.slice(0, 300)}`);
      const { ids } = JSON.parse(answer.body) as { ids: string[] };
      for (const id of ids) acks.set(id, at);
    });
  } finally {
    agent.destroy();
  }
  return { startedAt, endedAt: wallClock(), acks };
}
