/**
 * Render + classify against real sockets: a node:http server on 127.0.0.1 answers the way a
 * Workflows trigger does (NOTES.md §2: 202 with an empty body; 400 with Azure's error JSON when the
 * URL lacks `api-version`; 413 over the size limit; 429 with Retry-After); the rendered message
 * goes out with `fetch` and the real answer is classified.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpMessage } from '../../output.js';
import { corpusCases, GOLDEN_CONTEXT } from '../../test-support/corpus-events.js';
import {
  sendWithFetch,
  startReceiver,
  type LocalReceiver,
  type ReceivedRequest,
  type ReceiverReply,
} from '../../test-support/local-receiver.js';
import { teamsOutput } from './teams.output.js';

/** The smallest limit reported for Teams messages (NOTES.md §2: 413 from about 20–21 KB). */
const RECEIVER_MAX_BYTES = 20 * 1024;

function workflowsLike(req: ReceivedRequest): ReceiverReply {
  const url = new URL(req.path, 'http://127.0.0.1');
  if (!url.searchParams.has('api-version')) {
    return {
      status: 400,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({
        error: {
          code: 'MissingApiVersionParameter',
          message: 'The api-version query parameter (?api-version=) is required for all requests.',
        },
      }),
    };
  }
  if (Buffer.byteLength(req.body, 'utf8') > RECEIVER_MAX_BYTES) {
    return { status: 413, body: 'Microsoft Teams endpoint returned HTTP error 413' };
  }
  if (url.pathname.endsWith('/throttled')) return { status: 429, headers: { 'retry-after': '3' } };
  const payload = JSON.parse(req.body) as { attachments?: { content?: { type?: string } }[] };
  // What the template's flow run needs; a flow error would not reach the caller, so check here.
  if (payload.attachments?.[0]?.content?.type !== 'AdaptiveCard') return { status: 500 };
  return { status: 202 };
}

describe('teams output against a local Workflows-like receiver', () => {
  let receiver: LocalReceiver;
  beforeAll(async () => {
    receiver = await startReceiver(workflowsLike);
  });
  afterAll(() => receiver.close());

  const cases = corpusCases();
  const path = '/workflows/0/triggers/manual/paths/invoke';

  function render(webhookUrl: string, caseName = 'huge-field'): HttpMessage {
    const event = cases.find((c) => c.name === caseName)?.event;
    if (!event) throw new Error(`no case ${caseName}`);
    const config = teamsOutput.configSchema.parse({ webhookUrl });
    return teamsOutput.render([event], config, GOLDEN_CONTEXT);
  }

  it('every corpus event is accepted (202, empty body) with its unicode intact', async () => {
    for (const { name } of cases) {
      const message = render(`${receiver.url}${path}?api-version=1&sig=placeholder`, name);
      const answer = await sendWithFetch(message);
      expect(answer).toMatchObject({ status: 202, body: '' });
      expect(teamsOutput.classify(answer), name).toEqual({ ok: true });
    }
    expect(receiver.received.some((r) => r.body.includes('José-🛡️-管理者'))).toBe(true);
    expect(receiver.received.at(-1)?.headers['content-type']).toBe(
      'application/json; charset=utf-8',
    );
  });

  it('a URL without api-version gets 400 MissingApiVersionParameter: permanent', async () => {
    const answer = await sendWithFetch(render(`${receiver.url}${path}?sig=placeholder`));
    expect(answer.status).toBe(400);
    expect(teamsOutput.classify(answer)).toMatchObject({
      ok: false,
      retryable: false,
      error: expect.stringContaining('MissingApiVersionParameter') as unknown,
    });
  });

  it('a message over the limit gets 413: permanent (the renderer never sends one)', async () => {
    const message = render(`${receiver.url}${path}?api-version=1`);
    const oversized = JSON.parse(message.body) as {
      attachments: { content: { body: unknown[] } }[];
    };
    oversized.attachments[0]!.content.body.push({
      type: 'TextBlock',
      text: 'x'.repeat(RECEIVER_MAX_BYTES),
    });
    const answer = await sendWithFetch({ ...message, body: JSON.stringify(oversized) });
    expect(answer.status).toBe(413);
    expect(teamsOutput.classify(answer)).toMatchObject({ ok: false, retryable: false });
  });

  it('429 is retried after the Retry-After the server sent', async () => {
    const answer = await sendWithFetch(render(`${receiver.url}${path}/throttled?api-version=1`));
    expect(teamsOutput.classify(answer)).toEqual({
      ok: false,
      retryable: true,
      error: 'Teams 429 (rate limited)',
      retryAfterMs: 3000,
    });
  });
});
