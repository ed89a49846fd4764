import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-database.js';
import { startTestApp, type TestApp } from '../../test-support/test-app.js';
import { falcoEvent } from '../../test-support/falco-events.js';
import { SECURITY_HEADERS } from './security-headers.js';

let db: TestDatabase;
let app: TestApp;
beforeAll(async () => {
  db = await createTestDatabase('pglite');
  app = await startTestApp(db);
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
});

describe('security headers', () => {
  it.each([
    ['GET', '/healthz'],
    ['GET', '/api/v1/events'],
    ['GET', '/api/v1/events?limit=0'],
    ['GET', '/api/docs'],
    ['GET', '/nothing-here'],
    ['POST', '/'],
    ['POST', '/api/v1/events'],
  ])('are on %s %s, success or error', async (method, path) => {
    const res = await fetch(`${app.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(method === 'POST' ? { body: JSON.stringify(falcoEvent()) } : {}),
    });
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
      expect(res.headers.get(name), `${name} on ${method} ${path}`).toBe(value);
    }
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('strict-transport-security')).toBeNull(); // plain HTTP
  });
});
