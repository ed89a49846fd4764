import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusCases, GOLDEN_CONTEXT } from '../../test-support/corpus-events.js';
import { pagerDutyEnqueueValidator } from '../../test-support/contract-schemas.js';
import {
  sendWithFetch,
  startReceiver,
  type LocalReceiver,
  type ReceivedRequest,
  type ReceiverReply,
} from '../../test-support/local-receiver.js';
import { PagerDutyConfigSchema } from './pagerduty.config.js';
import { pagerDutyOutput } from './pagerduty.output.js';
import { resolveMessage } from './pagerduty.render.js';

const KEY = 'R0UT1NGKEY0000000000000000000001';
const RATE_LIMITED_KEY = 'RATE0LIMITED00000000000000000000';
const validate = pagerDutyEnqueueValidator();

/**
 * Answers as PagerDuty's Events API v2 does (NOTES.md §3): the published request schema and the
 * documented limits decide 202 or 400; one integration key is over its rate limit (429, no
 * Retry-After).
 */
function pagerDuty(req: ReceivedRequest): ReceiverReply {
  const json = { 'content-type': 'application/json' };
  let event: Record<string, unknown>;
  try {
    event = JSON.parse(req.body) as Record<string, unknown>;
  } catch {
    return {
      status: 400,
      headers: json,
      body: '{"status":"invalid event","message":"Event object is invalid","errors":["Malformed JSON"]}',
    };
  }
  const errors: string[] = [];
  if (req.headers['content-type'] !== 'application/json')
    errors.push('Content-Type must be application/json');
  if (!validate(event))
    errors.push(...(validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));
  if (typeof event['routing_key'] === 'string' && event['routing_key'].length !== 32) {
    errors.push("Length of 'routing_key' is incorrect (should be 32 characters)");
  }
  const payload = event['payload'] as { summary?: string } | undefined;
  if ((payload?.summary?.length ?? 0) > 1024) errors.push("'summary' is too long");
  if (typeof event['dedup_key'] === 'string' && event['dedup_key'].length > 255)
    errors.push("'dedup_key' is too long");
  if (errors.length > 0) {
    return {
      status: 400,
      headers: json,
      body: JSON.stringify({ status: 'invalid event', message: 'Event object is invalid', errors }),
    };
  }
  if (event['routing_key'] === RATE_LIMITED_KEY) return { status: 429, body: '' };
  return {
    status: 202,
    headers: json,
    body: JSON.stringify({
      status: 'success',
      message: 'Event processed',
      dedup_key: event['dedup_key'],
    }),
  };
}

let receiver: LocalReceiver;
beforeAll(async () => {
  receiver = await startReceiver(pagerDuty);
});
afterAll(async () => {
  await receiver.close();
});

const config = (routingKey: string) =>
  PagerDutyConfigSchema.parse({ routingKey, endpoint: `${receiver.url}/v2/enqueue` });

describe('pagerduty against a local receiver answering like PagerDuty', () => {
  it('every corpus event is accepted (202) and classified as delivered', async () => {
    for (const c of corpusCases()) {
      const message = pagerDutyOutput.render([c.event], config(KEY), GOLDEN_CONTEXT);
      const answer = await sendWithFetch(message);
      expect(answer.status, `${c.name}: ${answer.body}`).toBe(202);
      expect(pagerDutyOutput.classify(answer)).toEqual({ ok: true });
    }
    expect(receiver.received.at(-1)?.path).toBe('/v2/enqueue');
  });

  it('resolve for a group is accepted', async () => {
    const [c] = corpusCases();
    if (!c) throw new Error('empty corpus');
    const answer = await sendWithFetch(resolveMessage(c.event.event.fingerprint, config(KEY)));
    expect(answer.status).toBe(202);
    expect(JSON.parse(answer.body)).toMatchObject({
      dedup_key: `aerie-${c.event.event.fingerprint}`,
    });
  });

  it('an invalid event (400) is a permanent failure carrying PagerDuty’s reason', async () => {
    const [c] = corpusCases();
    if (!c) throw new Error('empty corpus');
    // A key of the wrong length gets past no config check: forge the rendered body instead.
    const message = pagerDutyOutput.render([c.event], config(KEY), GOLDEN_CONTEXT);
    const bad = { ...message, body: message.body.replace(KEY, 'too-short') };
    const outcome = pagerDutyOutput.classify(await sendWithFetch(bad));
    expect(outcome).toEqual({
      ok: false,
      retryable: false,
      error:
        "PagerDuty 400 invalid event: Event object is invalid; Length of 'routing_key' is incorrect (should be 32 characters)",
    });
    expect(JSON.stringify(outcome)).not.toContain(KEY);
  });

  it('a rate-limited key (429) is retried with backoff', async () => {
    const [c] = corpusCases();
    if (!c) throw new Error('empty corpus');
    const answer = await sendWithFetch(
      pagerDutyOutput.render([c.event], config(RATE_LIMITED_KEY), GOLDEN_CONTEXT),
    );
    expect(answer.status).toBe(429);
    const outcome = pagerDutyOutput.classify(answer);
    expect(outcome).toMatchObject({ ok: false, retryable: true });
    expect(outcome).not.toHaveProperty('retryAfterMs');
  });
});
