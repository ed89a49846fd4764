import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test-support/test-database.js';
import { startTestApp, useTestApp } from '../../test-support/test-app.js';
import { falcoEvent } from '../../test-support/falco-events.js';
import { SECURITY_HEADERS } from './security-headers.js';

const testApp = useTestApp({ database: 'pglite' });

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
    const res = await fetch(`${testApp.app().url}${path}`, {
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

describe('ingest rate limit (off by default)', () => {
  it('is off by default: a burst of 300 requests is all stored', async () => {
    const results = await Promise.all(
      Array.from({ length: 300 }, () =>
        fetch(`${testApp.app().url}/`, { method: 'POST', body: JSON.stringify(falcoEvent()) }).then(
          (r) => r.status,
        ),
      ),
    );
    expect(results.filter((s) => s !== 200)).toEqual([]);
  });

  it('when configured, answers 429 with Retry-After past the burst, and ingest only', async () => {
    const limitedDb = await createTestDatabase('pglite');
    const limited = await startTestApp(limitedDb, { rateLimit: { perSecond: 1, burst: 3 } });
    try {
      const statuses: number[] = [];
      let last: Response | undefined;
      for (let i = 0; i < 5; i++) {
        last = await fetch(`${limited.url}/`, {
          method: 'POST',
          body: JSON.stringify(falcoEvent()),
        });
        statuses.push(last.status);
      }
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      expect(last?.headers.get('retry-after')).toBe('1');
      expect(await last?.json()).toMatchObject({ error: 'rate_limited' });
      const read = await fetch(`${limited.url}/api/v1/events`, {
        headers: { authorization: `Bearer ${limited.adminToken}` },
      });
      expect(read.status).toBe(200); // reads are not ingest
      // An unverified token does not open a fresh budget: it spends the address's.
      const withToken = await fetch(`${limited.url}/`, {
        method: 'POST',
        headers: { authorization: 'Bearer aerie_not-a-real-token' },
        body: JSON.stringify(falcoEvent()),
      });
      expect(withToken.status).toBe(429);
      const metrics = await (await fetch(`${limited.url}/metrics`)).text();
      expect(metrics).toMatch(/aerie_events_rejected_total\{reason="rate_limited"\} 3/);
    } finally {
      await limited.close();
      await limitedDb.drop();
    }
  });
});
