import { describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/api-error.js';
import type { Principal } from '../access/principal.js';
import { SiemRateLimit } from './siem-rate-limit.js';

describe('SiemRateLimit', () => {
  const token = { kind: 'token', id: 't1' } as Principal;
  it('counts down, says when the bucket is full again, then refuses with Retry-After', () => {
    let now = 0;
    const limit = new SiemRateLimit({ perSecond: 1, burst: 2 }, () => now);
    expect(limit.take(token)).toEqual({
      'x-ratelimit-limit': '2',
      'x-ratelimit-remaining': '1',
      'x-ratelimit-reset': '1',
    });
    expect(limit.take(token)['x-ratelimit-remaining']).toBe('0');
    let refused: ApiError | undefined;
    try {
      limit.take(token);
    } catch (err) {
      refused = err as ApiError;
    }
    expect(refused?.status).toBe(429);
    expect(refused?.headers).toMatchObject({ 'retry-after': '1', 'x-ratelimit-remaining': '0' });
    now += 1000;
    expect(limit.take(token)['x-ratelimit-remaining']).toBe('0');
    expect(limit.take({ kind: 'user', id: 't1' } as Principal)['x-ratelimit-remaining']).toBe('1');
  });
  it('adds nothing when off', () => {
    expect(new SiemRateLimit({ perSecond: 0, burst: null }).take(token)).toEqual({});
  });
});
