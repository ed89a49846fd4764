import { describe, expect, it } from 'vitest';
import type { HttpAnswer } from '../../output.js';
import { classifySlack } from './slack.classify.js';

const answer = (
  status: number,
  body: string,
  headers: Record<string, string> = {},
): HttpAnswer => ({
  status,
  body,
  headers,
});

// Statuses and bodies from NOTES.md §1a (Slack's 2016 webhook error changelog and reports since).
describe('classifySlack', () => {
  it('200 "ok" is success (plain text, not JSON; a trailing newline is tolerated)', () => {
    expect(classifySlack(answer(200, 'ok'))).toEqual({ ok: true });
    expect(classifySlack(answer(200, 'ok\n'))).toEqual({ ok: true });
  });

  it('a 2xx without "ok" is permanent: not a Slack webhook answering', () => {
    for (const [status, body] of [
      [200, ''],
      [200, '<html>Sign in to the Wi-Fi</html>'],
      [200, '{"ok":false,"error":"invalid_auth"}'],
      [204, ''],
    ] as const) {
      const outcome = classifySlack(answer(status, body));
      expect(outcome).toMatchObject({ ok: false, retryable: false });
      expect(outcome.ok === false && outcome.error).toMatch(/without "ok"/);
    }
    // An HTML page is not echoed into the delivery log.
    const html = classifySlack(answer(200, '<html>Sign in</html>'));
    expect(html.ok === false && html.error).not.toContain('<html>');
  });

  it.each([
    [400, 'invalid_payload'],
    [400, 'invalid_blocks'],
    [400, 'invalid_blocks_format'],
    [400, 'no_text'],
    [400, 'missing_text_or_fallback_or_attachments'],
    [400, 'user_not_found'],
    [403, 'action_prohibited'],
    [403, 'invalid_token'],
    [404, 'channel_not_found'],
    [404, 'no_service'],
    [404, 'no_team'],
    [410, 'channel_is_archived'],
  ])('%i %s is permanent and names the error', (status, body) => {
    const outcome = classifySlack(answer(status, body));
    expect(outcome).toMatchObject({ ok: false, retryable: false });
    expect(outcome.ok === false && outcome.error).toContain(`Slack ${status} ${body}`);
    expect(outcome).not.toHaveProperty('retryAfterMs');
  });

  it('404 and 410 say the destination is gone; 403 that it is forbidden', () => {
    expect(classifySlack(answer(410, 'channel_is_archived'))).toMatchObject({
      error: expect.stringContaining('gone') as unknown,
    });
    expect(classifySlack(answer(403, 'action_prohibited'))).toMatchObject({
      error: expect.stringContaining('may not post') as unknown,
    });
  });

  it('429 is retried after Retry-After (seconds)', () => {
    expect(classifySlack(answer(429, 'rate_limited', { 'retry-after': '30' }))).toEqual({
      ok: false,
      retryable: true,
      error: 'Slack 429 rate_limited (rate limited)',
      retryAfterMs: 30_000,
    });
  });

  it('429 without Retry-After is retried with the engine backoff', () => {
    const outcome = classifySlack(answer(429, ''));
    expect(outcome).toMatchObject({ ok: false, retryable: true });
    expect(outcome).not.toHaveProperty('retryAfterMs');
  });

  it('500 rollup_error and other 5xx are retried', () => {
    expect(classifySlack(answer(500, 'rollup_error'))).toMatchObject({
      ok: false,
      retryable: true,
      error: 'Slack 500 rollup_error',
    });
    for (const status of [502, 503, 504]) {
      expect(classifySlack(answer(status, '<html>Bad gateway</html>'))).toMatchObject({
        ok: false,
        retryable: true,
        error: `Slack ${status}`,
      });
    }
    expect(classifySlack(answer(503, '', { 'retry-after': '5' }))).toMatchObject({
      retryAfterMs: 5000,
    });
  });

  it('rollup_error is retried whatever the status', () => {
    expect(classifySlack(answer(400, 'rollup_error'))).toMatchObject({
      ok: false,
      retryable: true,
    });
  });

  it('a 408 from a proxy is retried; other 4xx are permanent', () => {
    expect(classifySlack(answer(408, ''))).toMatchObject({ retryable: true });
    expect(classifySlack(answer(401, ''))).toMatchObject({ retryable: false });
    expect(classifySlack(answer(413, ''))).toMatchObject({ retryable: false });
  });
});
