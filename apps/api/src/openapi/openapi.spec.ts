import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test-support/test-database.js';
import { get, startTestApp, type TestApp } from '../test-support/test-app.js';
import { buildOpenApi } from './openapi.js';

const COMMITTED = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  '..',
  'docs',
  'openapi.json',
);

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

describe('OpenAPI document', () => {
  it('is committed as docs/openapi.json and current (run `npm run openapi` after API changes)', () => {
    const committed: unknown = JSON.parse(readFileSync(COMMITTED, 'utf8'));
    expect(committed).toEqual(buildOpenApi());
  });

  it('is served at /api/docs/openapi.json with Swagger UI at /api/docs', async () => {
    expect((await get(`${app.url}/api/docs/openapi.json`)).body).toEqual(buildOpenApi());
    const page = await get(`${app.url}/api/docs`);
    expect(page.text).toContain('swagger-ui-bundle.js');
    expect((await get(`${app.url}/api/docs/swagger-ui-bundle.js`)).status).toBe(200);
  });

  it('documents every API route the app serves', () => {
    const doc = buildOpenApi() as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    // Everything but HEAD twins, the docs themselves and the dashboard's static files.
    const served = app.routes.filter(
      (r) =>
        !r.startsWith('HEAD ') &&
        !r.includes('/api/docs') &&
        !/^GET \/(assets\/|[^/]*\.|$)/.test(r),
    );
    expect(served.length).toBeGreaterThan(5);
    expect([...new Set(documented)].sort()).toEqual([...new Set(served)].sort());
  });
});
