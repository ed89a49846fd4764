/**
 * Render + classify against real sockets: a node:http server on 127.0.0.1 answers the way Slack's
 * incoming webhooks do (NOTES.md §1a: `200 ok` as plain text, `400 invalid_blocks`, `429` with
 * `Retry-After`, `410 channel_is_archived`, `500 rollup_error`); the rendered message goes out
 * with `fetch` and the real answer is classified.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusCases, GOLDEN_CONTEXT } from '../../test-support/corpus-events.js';
import {
  sendWithFetch,
  startReceiver,
  type LocalReceiver,
  type ReceivedRequest,
  type ReceiverReply,
} from '../../test-support/local-receiver.js';
import { slackLimitViolations } from '../../test-support/slack-limits.js';
import { slackOutput } from './slack.output.js';

/** Like Slack: the path picks the behaviour; a message over Slack's limits gets invalid_blocks. */
function slackLike(req: ReceivedRequest): ReceiverReply {
  const text = { 'content-type': 'text/html' }; // Slack's webhook answers are text, not JSON.
  if (req.headers['content-type'] !== 'application/json; charset=utf-8') {
    return { status: 400, headers: text, body: 'invalid_payload' };
  }
  let payload: unknown;
  try {
    payload = JSON.parse(req.body);
  } catch {
    return { status: 400, headers: text, body: 'invalid_payload' };
  }
  if (slackLimitViolations(payload).length > 0)
    return { status: 400, headers: text, body: 'invalid_blocks' };
  if (req.path.endsWith('/rate-limited')) {
    return { status: 429, headers: { ...text, 'retry-after': '7' }, body: 'rate_limited' };
  }
  if (req.path.endsWith('/archived'))
    return { status: 410, headers: text, body: 'channel_is_archived' };
  if (req.path.endsWith('/broken')) return { status: 500, headers: text, body: 'rollup_error' };
  return { status: 200, headers: text, body: 'ok' };
}

describe('slack output against a local Slack-like receiver', () => {
  let receiver: LocalReceiver;
  beforeAll(async () => {
    receiver = await startReceiver(slackLike);
  });
  afterAll(() => receiver.close());

  const cases = corpusCases();

  async function deliver(path: string, caseName = 'unicode') {
    const event = cases.find((c) => c.name === caseName)?.event;
    if (!event) throw new Error(`no case ${caseName}`);
    const config = slackOutput.configSchema.parse({
      webhookUrl: `${receiver.url}/services/T000/B000${path}`,
      headers: { 'X-Proxy-Auth': 'placeholder' },
    });
    const message = slackOutput.render([event], config, GOLDEN_CONTEXT);
    return slackOutput.classify(await sendWithFetch(message));
  }

  it('every corpus event is accepted (200 ok) and the body arrives intact', async () => {
    for (const { name } of cases) {
      expect(await deliver('/ok', name), name).toEqual({ ok: true });
    }
    const last = receiver.received.at(-1);
    expect(last?.method).toBe('POST');
    expect(last?.headers['x-proxy-auth']).toBe('placeholder');
    // Unicode survives the wire (UTF-8 both ways).
    const unicode = receiver.received.find((r) => r.body.includes('José-🛡️-管理者'));
    expect(unicode).toBeDefined();
  });

  it('400 invalid_blocks is permanent', async () => {
    const event = cases[0]!.event;
    const config = slackOutput.configSchema.parse({ webhookUrl: `${receiver.url}/services/x` });
    const message = slackOutput.render([event], config, GOLDEN_CONTEXT);
    // A message broken on purpose (61 blocks) gets the answer Slack gives.
    const payload = JSON.parse(message.body) as { attachments: [{ blocks: unknown[] }] };
    payload.attachments[0].blocks = Array.from({ length: 61 }, () => ({ type: 'divider' }));
    const answer = await sendWithFetch({ ...message, body: JSON.stringify(payload) });
    expect(answer).toMatchObject({ status: 400, body: 'invalid_blocks' });
    expect(slackOutput.classify(answer)).toMatchObject({
      ok: false,
      retryable: false,
      error: 'Slack 400 invalid_blocks',
    });
  });

  it('429 is retried after the Retry-After the server sent', async () => {
    expect(await deliver('/rate-limited')).toEqual({
      ok: false,
      retryable: true,
      error: 'Slack 429 rate_limited (rate limited)',
      retryAfterMs: 7000,
    });
  });

  it('410 channel_is_archived is permanent; 500 rollup_error is retried', async () => {
    expect(await deliver('/archived')).toMatchObject({ ok: false, retryable: false });
    expect(await deliver('/broken')).toMatchObject({ ok: false, retryable: true });
  });
});
