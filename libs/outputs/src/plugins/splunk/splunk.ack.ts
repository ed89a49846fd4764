import { z } from 'zod';
import type { IndexerAck } from '../../output.js';
import { mergeHeaders } from '../webhook/http-headers.js';
import { ackIdOf, classifyHec } from './splunk.classify.js';
import { ackUrlOf, channelOf, type SplunkConfig } from './splunk.config.js';

/** Ids per poll: HEC answers each one; keep the request and answer small. */
export const MAX_ACK_IDS_PER_POLL = 1000;

const PollAnswerSchema = z.object({ acks: z.record(z.string(), z.boolean()) });

export const splunkAck: IndexerAck<SplunkConfig> = {
  enabled: (config) => config.ack,
  ackId: ackIdOf,
  pollRequest(config, ackIds) {
    const url = ackUrlOf(config.url);
    if (url === undefined) throw new Error('splunk: no ack endpoint beside this url');
    if (ackIds.length === 0 || ackIds.length > MAX_ACK_IDS_PER_POLL) {
      throw new Error(`splunk polls 1 to ${MAX_ACK_IDS_PER_POLL} ack ids at a time`);
    }
    return {
      method: 'POST',
      url,
      headers: mergeHeaders(config.headers, {
        authorization: `Splunk ${config.token}`,
        'content-type': 'application/json',
        'x-splunk-request-channel': channelOf(config),
      }),
      body: JSON.stringify({ acks: ackIds }),
    };
  },
  readPoll(answer, ackIds) {
    if (answer.status >= 200 && answer.status < 300) {
      const parsed = parseAcks(answer.body);
      if (parsed === undefined) {
        return { ok: false, retryable: true, error: 'Splunk HEC ack: an answer without acks' };
      }
      // An id HEC does not mention is not indexed (yet): it waits, until the timeout.
      return {
        ok: true,
        acked: ackIds.filter((id) => parsed[String(id)] === true),
        waiting: ackIds.filter((id) => parsed[String(id)] !== true),
      };
    }
    // Read as a request of one event: a single outcome, a failure for any status outside 2xx.
    const outcome = classifyHec(answer);
    const failure =
      'perEvent' in outcome || outcome.ok
        ? { retryable: true, error: `Splunk HEC ${answer.status}` }
        : outcome;
    return { ok: false, retryable: failure.retryable, error: `${failure.error} (ack poll)` };
  },
  // Indexing takes seconds; minutes leave room for a slow indexer before a batch is sent again.
  timeoutMs: 300_000,
  pollIntervalMs: 2_000,
};

function parseAcks(body: string): Record<string, boolean> | undefined {
  try {
    const result = PollAnswerSchema.safeParse(JSON.parse(body));
    return result.success ? result.data.acks : undefined;
  } catch {
    return undefined;
  }
}
