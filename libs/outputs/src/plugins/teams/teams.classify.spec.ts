import { describe, expect, it } from 'vitest';
import type { HttpAnswer } from '../../output.js';
import { classifyTeams } from './teams.classify.js';

const answer = (status: number, body = '', headers: Record<string, string> = {}): HttpAnswer => ({
  status,
  body,
  headers,
});

/** Azure's error envelope with the code NOTES.md §2 reports for a URL without `api-version`. */
const MISSING_API_VERSION = JSON.stringify({
  error: {
    code: 'MissingApiVersionParameter',
    message: 'The api-version query parameter (?api-version=) is required for all requests.',
  },
});

// Answers from NOTES.md §2 (Workflows triggers and the legacy connectors).
describe('classifyTeams', () => {
  it('202 with an empty body (Workflows) and 200 (some flows, connectors answer "1") are success', () => {
    expect(classifyTeams(answer(202))).toEqual({ ok: true });
    expect(classifyTeams(answer(200))).toEqual({ ok: true });
    expect(classifyTeams(answer(200, '1'))).toEqual({ ok: true });
  });

  it('a connector that reports "returned HTTP error 429" inside a 2xx is retried', () => {
    const body =
      'Webhook message delivery failed with error: Microsoft Teams endpoint returned HTTP error 429 with ContextId …';
    expect(classifyTeams(answer(200, body))).toMatchObject({
      ok: false,
      retryable: true,
      error: 'Teams 429 (rate limited)',
    });
  });

  it('a connector that reports "returned HTTP error 413" inside a 2xx is permanent', () => {
    const body = 'Microsoft Teams endpoint returned HTTP error 413';
    expect(classifyTeams(answer(200, body))).toMatchObject({
      ok: false,
      retryable: false,
      error: 'Teams 413 (message too large for Teams)',
    });
  });

  it('413 is permanent: the card is too large', () => {
    expect(classifyTeams(answer(413, 'Microsoft Teams endpoint returned HTTP error 413'))).toEqual({
      ok: false,
      retryable: false,
      error: 'Teams 413 (message too large for Teams)',
    });
  });

  it('400 MissingApiVersionParameter is permanent and names the Azure error', () => {
    expect(classifyTeams(answer(400, MISSING_API_VERSION))).toEqual({
      ok: false,
      retryable: false,
      error:
        'Teams 400 MissingApiVersionParameter: The api-version query parameter (?api-version=) is required for all requests.',
    });
  });

  it('401, 403 and 404 are permanent; 404 says the workflow is gone', () => {
    expect(classifyTeams(answer(401))).toMatchObject({ ok: false, retryable: false });
    expect(classifyTeams(answer(403))).toMatchObject({ ok: false, retryable: false });
    expect(classifyTeams(answer(404))).toMatchObject({
      ok: false,
      retryable: false,
      error: 'Teams 404 (the workflow or webhook is gone)',
    });
  });

  it('429 is retried after Retry-After (seconds or an HTTP date)', () => {
    expect(classifyTeams(answer(429, '', { 'retry-after': '12' }))).toEqual({
      ok: false,
      retryable: true,
      error: 'Teams 429 (rate limited)',
      retryAfterMs: 12_000,
    });
    const date = classifyTeams(
      answer(429, '', { 'retry-after': new Date(Date.now() + 60_000).toUTCString() }),
    );
    expect(date.ok === false && date.retryAfterMs).toBeGreaterThan(50_000);
  });

  it('5xx and 408 are retried', () => {
    for (const status of [500, 502, 503, 504, 408]) {
      expect(classifyTeams(answer(status))).toMatchObject({ ok: false, retryable: true });
    }
  });

  it('never writes a SAS signature into the error', () => {
    const body = JSON.stringify({
      error: {
        code: 'WorkflowTriggerNotFound',
        message:
          'POST https://x.logic.azure.com/workflows/1/triggers/manual/paths/invoke?api-version=2016-06-01&sig=SECRETSIG123&sv=1.0 failed',
      },
    });
    const outcome = classifyTeams(answer(404, body));
    expect(outcome.ok === false && outcome.error).not.toContain('SECRETSIG123');
    expect(outcome.ok === false && outcome.error).toContain('sig=[redacted]');
  });
});
