import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { corpusCases, GOLDEN_CONTEXT } from '../../test-support/corpus-events.js';
import { sendAsEngine, startHec, type LocalHec } from '../../test-support/splunk-hec.js';
import type { BatchOutcome, DeliverableEvent, HttpMessage, Outcome } from '../../output.js';
import { memberText } from '../webhook/json-text.js';
import { SplunkConfigSchema } from './splunk.config.js';
import { splunkOutput } from './splunk.output.js';

const TOKEN = '11111111-2222-4333-8444-555555555555';
const ACK_TOKEN = '22222222-2222-4333-8444-555555555555';
const cases = corpusCases();
const events = cases.map((c) => c.event);

let hec: LocalHec;
beforeAll(async () => {
  hec = await startHec({
    [TOKEN]: { indexes: ['main', 'falco'] },
    [ACK_TOKEN]: { indexes: ['main'], useAck: true },
    'disabled-token': { indexes: ['main'], disabled: true },
  });
});
afterAll(async () => {
  await hec.close();
});
beforeEach(() => {
  hec.indexed.length = 0;
  hec.requests.length = 0;
  hec.tokens.set(TOKEN, { indexes: ['main', 'falco'] });
});

const config = (settings: Record<string, unknown> = {}) =>
  SplunkConfigSchema.parse({ url: hec.url, token: TOKEN, index: 'falco', ...settings });

async function deliver(batch: readonly DeliverableEvent[], message?: HttpMessage) {
  const answer = await sendAsEngine(
    message ?? splunkOutput.render(batch, config(), GOLDEN_CONTEXT),
  );
  return { answer, outcome: splunkOutput.classify(answer, batch.length) };
}

/** The per-event outcomes of a batch (a whole-batch outcome applies to each event). */
function each(outcome: BatchOutcome, count: number): readonly Outcome[] {
  return 'perEvent' in outcome ? outcome.perEvent : Array.from({ length: count }, () => outcome);
}

const indexedIds = () => hec.indexed.map((e) => (e.event as { id: string }).id);

describe('splunk against a local receiver answering like HEC', () => {
  it('indexes a gzipped batch of every corpus event, with exact time and event text', async () => {
    const { answer, outcome } = await deliver(events);
    expect(answer.status, answer.body).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ text: 'Success', code: 0 });
    expect(outcome).toEqual({ ok: true });
    expect(hec.requests[0]).toMatchObject({
      path: '/services/collector/event',
      headers: { 'content-encoding': 'gzip', authorization: `Splunk ${TOKEN}` },
    });
    expect(hec.indexed).toHaveLength(events.length);
    hec.indexed.forEach((indexed, i) => {
      expect(indexed).toMatchObject({ index: 'falco', source: 'aerie', sourcetype: 'aerie:event' });
      expect(memberText(indexed.text, 'time')).toBe('1777629600.123456789');
      expect(memberText(indexed.text, 'event')).toBe(events[i]!.eventJson);
    });
  });

  it('an invalid event N: the events before it are indexed, only the ones after it are sent again', async () => {
    const batch = events.slice(0, 5);
    const message = splunkOutput.render(batch, config(), GOLDEN_CONTEXT);
    // The plugin never renders a bad envelope: forge event 3 the way a broken field would.
    const lines = message.body.split('\n');
    lines[3] = lines[3]!.replace(/"time":[0-9.]+/, '"time":"yesterday"');
    const { answer, outcome } = await deliver(batch, { ...message, body: lines.join('\n') });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toEqual({
      text: 'Invalid data format',
      code: 6,
      'invalid-event-number': 3,
    });
    const outcomes = each(outcome, batch.length);
    expect(outcomes.map((o) => (o.ok ? 'ok' : o.retryable ? 'retry' : 'failed'))).toEqual([
      'ok',
      'ok',
      'ok',
      'failed',
      'retry',
    ]);
    expect(indexedIds()).toEqual(batch.slice(0, 3).map((e) => e.event.id));

    // What the engine does next: resend only the retryable ones.
    const again = batch.filter((_e, i) => !outcomes[i]!.ok && outcomes[i]!.retryable);
    expect((await deliver(again)).outcome).toEqual({ ok: true });
    expect(indexedIds()).toEqual([0, 1, 2, 4].map((i) => batch[i]!.event.id));
  });

  it('busy from event N (503 code 9): resending from N indexes each event exactly once', async () => {
    const batch = events.slice(0, 4);
    hec.tokens.set(TOKEN, { indexes: ['main', 'falco'], busyAt: 2 });
    const { answer, outcome } = await deliver(batch);
    expect(answer.status).toBe(503);
    expect(JSON.parse(answer.body)).toMatchObject({ code: 9, 'invalid-event-number': 2 });
    const outcomes = each(outcome, batch.length);
    expect(outcomes.map((o) => o.ok || o.retryable)).toEqual([true, true, true, true]);
    expect(outcomes.map((o) => o.ok)).toEqual([true, true, false, false]);

    hec.tokens.set(TOKEN, { indexes: ['main', 'falco'] });
    expect((await deliver(batch.filter((_e, i) => !outcomes[i]!.ok))).outcome).toEqual({
      ok: true,
    });
    expect(indexedIds()).toEqual(batch.map((e) => e.event.id));
  });

  it('an index the token does not allow (code 7) fails the batch for good, with the reason', async () => {
    const batch = events.slice(0, 3);
    const message = splunkOutput.render(batch, config({ index: 'secret' }), GOLDEN_CONTEXT);
    const { answer, outcome } = await deliver(batch, message);
    expect(JSON.parse(answer.body)).toEqual({
      text: 'Incorrect index',
      code: 7,
      'invalid-event-number': 0,
    });
    for (const o of each(outcome, batch.length)) {
      expect(o).toMatchObject({ ok: false, retryable: false });
    }
    expect(hec.indexed).toEqual([]);
  });

  it('a wrong or disabled token is permanent (403 codes 4 and 1) and never named', async () => {
    for (const [token, code] of [
      ['0ther-token', 4],
      ['disabled-token', 1],
    ] as const) {
      const message = splunkOutput.render(events.slice(0, 2), config({ token }), GOLDEN_CONTEXT);
      const { answer, outcome } = await deliver(events.slice(0, 2), message);
      expect(answer.status).toBe(403);
      expect(JSON.parse(answer.body)).toMatchObject({ code });
      expect(outcome).toMatchObject({ ok: false, retryable: false });
      expect(JSON.stringify(outcome)).not.toContain(token);
    }
  });

  it('429 with Retry-After is retried after the wait it asks for', async () => {
    hec.tokens.set(TOKEN, { indexes: ['main'], throttledFor: 12 });
    const { answer, outcome } = await deliver(events.slice(0, 2));
    expect(answer.status).toBe(429);
    expect(outcome).toMatchObject({ ok: false, retryable: true, retryAfterMs: 12_000 });
  });

  it('sends uncompressed when asked, to the endpoint of a bare host', async () => {
    const message = splunkOutput.render(
      events.slice(0, 1),
      config({ gzip: false }),
      GOLDEN_CONTEXT,
    );
    expect((await deliver(events.slice(0, 1), message)).outcome).toEqual({ ok: true });
    expect(hec.requests[0]?.headers['content-encoding']).toBeUndefined();
  });
});

describe('splunk indexer acknowledgement against a local HEC', () => {
  const ackConfig = (settings: Record<string, unknown> = {}) =>
    SplunkConfigSchema.parse({
      url: `${hec.url}/services/collector/event`,
      token: ACK_TOKEN,
      ack: true,
      ...settings,
    });

  it('a token with ack on refuses requests without a channel (400 code 10): permanent, says why', async () => {
    const message = splunkOutput.render(
      events.slice(0, 1),
      ackConfig({ ack: false }),
      GOLDEN_CONTEXT,
    );
    const { answer, outcome } = await deliver(events.slice(0, 1), message);
    expect(answer.status).toBe(400);
    expect(outcome).toEqual({
      ok: false,
      retryable: false,
      error:
        'Splunk HEC 400 code 10 Data channel is missing: the token has indexer acknowledgement on: set ack: true',
    });
  });

  it('gets an ack id per request, polls it on the same channel, and sees it indexed once', async () => {
    const c = ackConfig();
    const first = await deliver(
      events.slice(0, 2),
      splunkOutput.render(events.slice(0, 2), c, GOLDEN_CONTEXT),
    );
    const second = await deliver(
      events.slice(2, 3),
      splunkOutput.render(events.slice(2, 3), c, GOLDEN_CONTEXT),
    );
    expect(first.outcome).toEqual({ ok: true });
    const ids = [splunkOutput.ack.ackId(first.answer), splunkOutput.ack.ackId(second.answer)];
    expect(ids).toEqual([0, 1]);

    const poll = async () =>
      splunkOutput.ack.readPoll(
        await sendAsEngine(splunkOutput.ack.pollRequest(c, ids as number[])),
        ids as number[],
      );
    expect(await poll()).toEqual({ ok: true, acked: [], waiting: [0, 1] });
    hec.indexPendingAcks();
    expect(await poll()).toEqual({ ok: true, acked: [0, 1], waiting: [] });
    // HEC forgets an ack once reported: the engine must record it when it first reads it.
    expect(await poll()).toEqual({ ok: true, acked: [], waiting: [0, 1] });
    const pollRequest = hec.requests.at(-1);
    expect(pollRequest).toMatchObject({
      path: '/services/collector/ack',
      headers: { 'x-splunk-request-channel': hec.requests[0]?.headers['x-splunk-request-channel'] },
    });
  });

  it('polling a token without ack (400 code 14) is a permanent failure', async () => {
    const c = ackConfig({ token: TOKEN });
    const answer = await sendAsEngine(splunkOutput.ack.pollRequest(c, [0]));
    expect(splunkOutput.ack.readPoll(answer, [0])).toEqual({
      ok: false,
      retryable: false,
      error:
        'Splunk HEC 400 code 14 ACK is disabled: the token has indexer acknowledgement off: set ack: false (ack poll)',
    });
    expect(() => splunkOutput.ack.pollRequest(c, [])).toThrow(/1 to 1000/);
  });
});
