import { TeamInfoSchema } from '@aerie/contracts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi } from '../test/fake-api';
import {
  ApiError,
  itemsSchema,
  onUnauthorized,
  parseRetryAfter,
  request,
  setCsrfToken,
} from './api';

describe('request', () => {
  afterEach(() => setCsrfToken(undefined));

  it('sends the CSRF token on changes only', async () => {
    const api = fakeApi({
      'GET /api/v1/teams': { status: 200, body: { items: [] } },
      'DELETE /api/v1/teams/x': { status: 204 },
    });
    setCsrfToken('t0k3n');
    await request('GET', '/api/v1/teams');
    await request('DELETE', '/api/v1/teams/x');
    expect(api.calls.map((c) => [c.method, c.headers['x-csrf-token']])).toEqual([
      ['GET', undefined],
      ['DELETE', 't0k3n'],
    ]);
  });

  it('turns a 401 into "signed out" unless the call expects it', async () => {
    fakeApi({
      'GET /api/v1/events': { status: 401, body: { error: 'unauthorized', message: 'no' } },
    });
    const listener = vi.fn();
    const stop = onUnauthorized(listener);
    await expect(
      request('GET', '/api/v1/events', { unauthorizedIsAnswer: true }),
    ).rejects.toThrow();
    expect(listener).not.toHaveBeenCalled();
    await expect(request('GET', '/api/v1/events')).rejects.toMatchObject({ status: 401 });
    expect(listener).toHaveBeenCalledOnce();
    stop();
  });

  it('keeps the code, message, issues and Retry-After of an error answer', async () => {
    fakeApi({
      'POST /api/v1/teams': {
        status: 429,
        headers: { 'retry-after': '30' },
        body: { error: 'slow_down', message: 'later', issues: [{ field: 'name', message: 'x' }] },
      },
    });
    const err: unknown = await request('POST', '/api/v1/teams', { body: {} }).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({
      message: 'later',
      status: 429,
      code: 'slow_down',
      issues: [{ field: 'name', message: 'x' }],
      retryAfterSeconds: 30,
    });
  });

  it('refuses an answer that does not match the contract', async () => {
    fakeApi({ 'GET /api/v1/teams': { status: 200, body: { items: [{ name: 'payments' }] } } });
    await expect(
      request('GET', '/api/v1/teams', { schema: itemsSchema(TeamInfoSchema) }),
    ).rejects.toThrow(/unexpected answer from \/api\/v1\/teams \(items\.0\.id: /);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    const now = Date.parse('2026-05-01T10:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120);
    expect(parseRetryAfter('Fri, 01 May 2026 10:01:00 GMT', now)).toBe(60);
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});
