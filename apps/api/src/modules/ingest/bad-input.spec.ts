import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-database.js';
import { get, post, startTestApp, type TestApp } from '../../test-support/test-app.js';
import { falcoEvent } from '../../test-support/falco-events.js';

const LIMIT = 64 * 1024;
let db: TestDatabase;
let app: TestApp;

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startTestApp(db, { bodyLimit: LIMIT });
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
});

interface ErrorBody {
  error: string;
  message: string;
  issues: Array<{ field: string; message: string }>;
}

async function rejected(body: string | Uint8Array, path = '/', contentType = 'application/json') {
  const res = await post(`${app.url}${path}`, body, contentType);
  expect(res.status, res.text).toBe(400);
  return res.body as ErrorBody;
}

const valid = (overrides: Record<string, unknown> = {}) => JSON.stringify(falcoEvent(overrides));

describe('bad input: 400 naming the field, never a 500, never a partial write', () => {
  it.each([
    ['empty body', '', '(body)', 'empty'],
    ['whitespace', '  \n ', '(body)', 'empty'],
    ['malformed JSON', '{"rule": "x",', '(body)', 'not valid JSON'],
    ['trailing garbage', `${valid()}}`, '(body)', 'not valid JSON'],
    ['a JSON array', `[${valid()}]`, '(body)', 'JSON object'],
    ['a JSON string', '"hello"', '(body)', 'JSON object'],
    ['null', 'null', '(body)', 'JSON object'],
    ['missing priority', valid({ priority: undefined }), 'priority', 'is required'],
    ['unknown priority', valid({ priority: 'urgent' }), 'priority', 'must be one of'],
    ['numeric priority', valid({ priority: 4 }), 'priority', 'must be a string'],
    ['empty rule', valid({ rule: '' }), 'rule', 'must not be empty'],
    ['rule as array', valid({ rule: ['a'] }), 'rule', 'must be a string'],
    ['huge rule', valid({ rule: 'r'.repeat(5000) }), 'rule', 'at most 1024'],
    ['bad time', valid({ time: '2026-05-01 25:00' }), 'time', 'RFC 3339'],
    ['epoch time', valid({ time: 1777629600 }), 'time', 'RFC 3339'],
    ['empty output_fields', valid({ output_fields: {} }), 'output_fields', 'at least one'],
    [
      'output_fields as string',
      valid({ output_fields: 'a=b' }),
      'output_fields',
      'must be an object',
    ],
    ['tags as string', valid({ tags: 'a' }), 'tags', 'array of strings'],
    ['hostname as number', valid({ hostname: 1 }), 'hostname', 'must be a string'],
    [
      'NUL in a field',
      valid({ output_fields: { 'fd.name': 'a\u0000b' } }),
      'output_fields["fd.name"]',
      'U+0000',
    ],
    [
      'lone surrogate',
      valid({ hostname: 'x' }).replace('"hostname":"x"', '"hostname":"\\udc00"'),
      'hostname',
      'surrogate',
    ],
  ])('%s', async (_name, body, field, message) => {
    const res = await rejected(body);
    expect(res.error).toMatch(/^invalid_/);
    expect(res.issues).toContainEqual({ field, message: expect.stringContaining(message) });
    expect(res.message).toContain(field);
  });

  it('deep nesting', async () => {
    const deep = '['.repeat(20_000) + ']'.repeat(20_000);
    const res = await rejected(valid().replace('"cat"', deep));
    expect(res.issues[0]?.message).toMatch(/nested deeper than 32/);
  });

  it('invalid UTF-8', async () => {
    const bytes = Buffer.concat([
      Buffer.from(valid().slice(0, -2)),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"}'),
    ]);
    const res = await rejected(bytes);
    expect(res).toMatchObject({ error: 'invalid_encoding', issues: [{ field: '(body)' }] });
  });

  it('a body over the limit gets 413 naming the limit', async () => {
    const res = await post(`${app.url}/`, valid({ output: 'x'.repeat(LIMIT) }));
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ error: 'too_large', issues: [{ field: '(body)' }] });
    expect((res.body as ErrorBody).message).toContain(String(LIMIT));
    const metrics = (await get(`${app.url}/metrics`)).text;
    expect(metrics).toMatch(/aerie_events_rejected_total\{reason="too_large"\} 1/);
  });

  it('huge strings within the limit are stored whole', async () => {
    const output = 'ö'.repeat(12_000);
    const res = await post(
      `${app.url}/`,
      valid({ output, output_fields: { big: 'b'.repeat(20_000) } }),
    );
    expect(res.status).toBe(200);
    const event = await get(
      `${app.url}/api/v1/events/${(res.body as { id: string }).id}`,
      app.adminToken,
    );
    expect((event.body as { output: string }).output).toBe(output);
  });

  it('bad batches name the index or line', async () => {
    const res = await post(`${app.url}/api/v1/events`, '[1,', 'application/json');
    expect(res.status).toBe(400);
    expect((res.body as ErrorBody).issues[0]).toMatchObject({ field: '(body)' });
    const empty = await post(`${app.url}/api/v1/events`, '\n\n', 'application/x-ndjson');
    expect(empty.status).toBe(400);
  });

  it('refuses a batch of more than 10 000 events before looking at them, and lists 100 errors at most', async () => {
    const huge = await post(`${app.url}/api/v1/events`, `[${'{},'.repeat(10_000)}{}]`);
    expect(huge.status).toBe(413);
    expect((huge.body as ErrorBody).issues[0]?.message).toContain('at most 10000');
    const many = await post(
      `${app.url}/api/v1/events`,
      Array.from({ length: 300 }, () => ({})),
    );
    expect(many.status).toBe(400);
    expect(many.body).toMatchObject({ accepted: 0, rejected: 300, errors_omitted: 200 });
    expect((many.body as { errors: unknown[] }).errors).toHaveLength(100);
  });

  it('unknown routes and methods answer JSON errors', async () => {
    const res = await get(`${app.url}/api/v1/nothing`);
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ error: 'not_found' });
  });

  it('nothing refused was stored, every 200 was, and the process is still healthy', async () => {
    const stats = await get(`${app.url}/api/v1/stats`, app.adminToken);
    // Only the one "huge strings" event above was accepted.
    expect((stats.body as { total: number }).total).toBe(1);
    expect((await get(`${app.url}/healthz`)).status).toBe(200);
    const metrics = (await get(`${app.url}/metrics`)).text;
    expect(metrics).toMatch(/aerie_events_rejected_total\{reason="invalid"\} [1-9]/);
    expect(metrics).toMatch(/aerie_events_rejected_total\{reason="not_utf8"\} 1/);
  });
});
