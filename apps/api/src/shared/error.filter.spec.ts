import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { ApiError } from './api-error.js';
import { toResponse } from './error.filter.js';

const logger = pino({ level: 'silent' });
const sqlError = (code: string) =>
  Object.assign(new Error('from postgres: secret detail'), { code });

describe('toResponse', () => {
  it('turns a cancelled slow query into a 503 that asks for narrower filters', () => {
    const res = toResponse(sqlError('57014'), logger, 1024);
    expect(res).toMatchObject({
      status: 503,
      body: { error: 'timeout' },
      headers: { 'retry-after': '5' },
    });
  });

  it('turns a value Postgres refused into a 400 without its internal message', () => {
    const res = toResponse(sqlError('22008'), logger, 1024);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).not.toContain('secret detail');
  });

  it('keeps ApiErrors, and hides anything unexpected behind a 500', () => {
    expect(toResponse(new ApiError(404, 'not_found', 'x'), logger, 1024).status).toBe(404);
    const res = toResponse(new Error('boom: internal'), logger, 1024);
    expect(res).toMatchObject({
      status: 500,
      body: { error: 'internal', message: 'internal error' },
    });
  });
});
