import { describe, expect, it } from 'vitest';
import type { HttpAnswer } from '../../output.js';
import { ackIdOf, classifyHec } from './splunk.classify.js';

const answer = (status: number, body: object | string, headers: Record<string, string> = {}) =>
  ({
    status,
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  }) satisfies HttpAnswer;

/** HEC's codes (NOTES.md §4): HTTP status, text, and whether a retry can help. */
const CODES: ReadonlyArray<readonly [code: number, status: number, text: string, retry: boolean]> =
  [
    [1, 403, 'Token disabled', false],
    [2, 401, 'Token is required', false],
    [3, 401, 'Invalid authorization', false],
    [4, 403, 'Invalid token', false],
    [5, 400, 'No data', false],
    [6, 400, 'Invalid data format', false],
    [7, 400, 'Incorrect index', false],
    [8, 500, 'Internal server error', true],
    [9, 503, 'Server is busy', true],
    [10, 400, 'Data channel is missing', false],
    [11, 400, 'Invalid data channel', false],
    [12, 400, 'Event field is required', false],
    [13, 400, 'Event field cannot be blank', false],
    [14, 400, 'ACK is disabled', false],
    [16, 400, 'Query string authorization is not enabled', false],
    [18, 503, 'HEC is unhealthy, queues are full', true],
    [19, 503, 'HEC is unhealthy, ack service unavailable', true],
  ];

describe('splunk classify (HEC codes 0–18, NOTES.md §4)', () => {
  it('0 Success and 17 healthy are delivered, with or without an ack id', () => {
    expect(classifyHec(answer(200, { text: 'Success', code: 0 }), 5)).toEqual({ ok: true });
    expect(classifyHec(answer(200, { text: 'Success', code: 0, ackId: 7 }), 5)).toEqual({
      ok: true,
    });
    expect(classifyHec(answer(200, { text: 'HEC is healthy', code: 17 }))).toEqual({ ok: true });
  });

  it.each(CODES)('code %i (HTTP %i %s): retryable %s', (code, status, text, retry) => {
    const outcome = classifyHec(answer(status, { text, code }), 3);
    expect(outcome).toMatchObject({ ok: false, retryable: retry });
    expect(outcome).toHaveProperty(
      'error',
      expect.stringContaining(`${status} code ${code} ${text}`),
    );
  });

  it('says what to change for the configuration codes', () => {
    expect(classifyHec(answer(400, { text: 'Data channel is missing', code: 10 }))).toMatchObject({
      error:
        'Splunk HEC 400 code 10 Data channel is missing: the token has indexer acknowledgement on: set ack: true',
    });
    expect(classifyHec(answer(400, { text: 'Incorrect index', code: 7 }))).toMatchObject({
      error: expect.stringContaining(
        "set an index the token allows, or none for the token's default",
      ),
    });
  });

  it('invalid-event-number N: before N indexed, N refused, after N sent again', () => {
    const outcome = classifyHec(
      answer(400, { text: 'Invalid data format', code: 6, 'invalid-event-number': 3 }),
      5,
    );
    const refused = {
      ok: false,
      retryable: false,
      error: 'Splunk HEC 400 code 6 Invalid data format (event 3 of the request)',
    };
    const again = {
      ok: false,
      retryable: true,
      error: `not read by HEC after an earlier event failed (${refused.error})`,
    };
    expect(outcome).toEqual({
      perEvent: [{ ok: true }, { ok: true }, { ok: true }, refused, again],
    });
  });

  it('a blank event (12, 13) is refused alone; the first event can be the bad one', () => {
    const outcome = classifyHec(
      answer(400, { text: 'Event field cannot be blank', code: 13, 'invalid-event-number': 0 }),
      3,
    );
    expect(outcome).toMatchObject({
      perEvent: [
        { ok: false, retryable: false },
        { ok: false, retryable: true },
        { ok: false, retryable: true },
      ],
    });
  });

  it('busy from event N (503 code 9): before N indexed, N and after retried after Retry-After', () => {
    const outcome = classifyHec(
      answer(
        503,
        { text: 'Server is busy', code: 9, 'invalid-event-number': 2 },
        { 'retry-after': '7' },
      ),
      4,
    );
    expect(outcome).toMatchObject({
      perEvent: [
        { ok: true },
        { ok: true },
        { ok: false, retryable: true, retryAfterMs: 7000 },
        { ok: false, retryable: true, retryAfterMs: 7000 },
      ],
    });
  });

  it('a wrong index from event N fails the rest too (the same settings would be refused again)', () => {
    const outcome = classifyHec(
      answer(400, { text: 'Incorrect index', code: 7, 'invalid-event-number': 1 }),
      3,
    );
    expect(outcome).toMatchObject({
      perEvent: [{ ok: true }, { ok: false, retryable: false }, { ok: false, retryable: false }],
    });
  });

  it('answers for the whole batch when N is absent, out of range, or the request had one event', () => {
    const bad = { text: 'Invalid data format', code: 6 };
    expect(classifyHec(answer(400, bad), 4)).toMatchObject({ ok: false, retryable: false });
    expect(classifyHec(answer(400, { ...bad, 'invalid-event-number': 4 }), 4)).toMatchObject({
      ok: false,
    });
    expect(classifyHec(answer(400, { ...bad, 'invalid-event-number': 0 }), 1)).toMatchObject({
      ok: false,
      retryable: false,
    });
    expect(classifyHec(answer(400, { ...bad, 'invalid-event-number': 0 }))).not.toHaveProperty(
      'perEvent',
    );
  });

  it('429 (a proxy or Splunk Cloud) is retried after its Retry-After', () => {
    expect(classifyHec(answer(429, 'Too Many Requests', { 'retry-after': '30' }), 2)).toEqual({
      ok: false,
      retryable: true,
      error: 'Splunk HEC HTTP 429: Too Many Requests',
      retryAfterMs: 30_000,
    });
    expect(
      classifyHec(answer(503, { text: 'Server is busy', code: 9 }, { 'retry-after': '5' })),
    ).toMatchObject({ retryable: true, retryAfterMs: 5000 });
  });

  it('reads answers that are not HEC’s with the shared HTTP rules', () => {
    expect(classifyHec(answer(200, ''), 3)).toEqual({ ok: true });
    expect(classifyHec(answer(502, '<html>Bad Gateway</html>'))).toMatchObject({
      ok: false,
      retryable: true,
      error: 'Splunk HEC HTTP 502: <html>Bad Gateway</html>',
    });
    expect(classifyHec(answer(413, 'Request Entity Too Large'))).toMatchObject({
      ok: false,
      retryable: false,
    });
    expect(
      classifyHec(
        answer(404, { text: 'The requested URL was not found on this server.', code: 404 }),
      ),
    ).toMatchObject({ ok: false, retryable: false });
  });

  it('reads the ack id of a success only', () => {
    expect(ackIdOf(answer(200, { text: 'Success', code: 0, ackId: 7 }))).toBe(7);
    expect(ackIdOf(answer(200, { text: 'Success', code: 0 }))).toBeUndefined();
    expect(ackIdOf(answer(503, { text: 'Server is busy', code: 9, ackId: 1 }))).toBeUndefined();
  });
});
