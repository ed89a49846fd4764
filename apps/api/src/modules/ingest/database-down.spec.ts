import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-database.js';
import { get, post, startTestApp, type TestApp } from '../../test-support/test-app.js';
import { falcoEvent } from '../../test-support/falco-events.js';

let target: TestDatabase | undefined;
let app: TestApp | undefined;
afterAll(async () => {
  await app?.close().catch(() => undefined);
  await target?.drop();
});

// Needs a server whose database can be taken away: runs against the real Postgres (CI), not PGlite.
describe.runIf(process.env['DATABASE_URL'])('when the database goes away', () => {
  it('answers 503 (nothing stored, send again), readyz says so, and the process keeps serving', async () => {
    target = await createTestDatabase();
    app = await startTestApp(target);
    expect((await post(`${app.url}/`, falcoEvent())).status).toBe(200);

    // Take the database away under the running app.
    const name = new URL(target.databaseUrl!).pathname.slice(1);
    const admin = new pg.Client({ connectionString: process.env['DATABASE_URL'] });
    await admin.connect();
    await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [
      name,
    ]);

    try {
      const single = await post(`${app.url}/`, falcoEvent());
      expect(single.status).toBe(503);
      expect(single.body).toMatchObject({ error: 'unavailable' });
      const batch = await post(`${app.url}/api/v1/events`, [falcoEvent(), falcoEvent()]);
      expect(batch.status).toBe(503);
      expect((await get(`${app.url}/readyz`)).status).toBe(503);
      expect((await get(`${app.url}/healthz`)).status).toBe(200);
    } finally {
      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    // Back: the pool reconnects and ingest works again.
    const again = await post(`${app.url}/`, falcoEvent());
    expect(again.status).toBe(200);
  });
});
