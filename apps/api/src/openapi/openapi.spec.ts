import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { get, useTestApp } from '../test-support/test-app.js';
import { OPENAPI_FILE, buildOpenApi } from './openapi.js';

const testApp = useTestApp({ database: 'pglite' });

describe('OpenAPI document', () => {
  it('is committed as docs/openapi.json and current (run `npm run openapi` after API changes)', () => {
    const committed: unknown = JSON.parse(readFileSync(OPENAPI_FILE, 'utf8'));
    expect(committed).toEqual(buildOpenApi());
  });

  it('is served at /api/docs/openapi.json with Swagger UI at /api/docs', async () => {
    expect((await get(`${testApp.app().url}/api/docs/openapi.json`)).body).toEqual(buildOpenApi());
    const page = await get(`${testApp.app().url}/api/docs`);
    expect(page.text).toContain('swagger-ui-bundle.js');
    expect((await get(`${testApp.app().url}/api/docs/swagger-ui-bundle.js`)).status).toBe(200);
  });

  it('documents every API route the app serves', () => {
    const doc = buildOpenApi() as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    // Everything but HEAD twins, the docs themselves and the dashboard's static files.
    const served = testApp
      .app()
      .routes.filter(
        (r) =>
          !r.startsWith('HEAD ') &&
          !r.includes('/api/docs') &&
          !/^GET \/(assets\/|[^/]*\.|$)/.test(r),
      );
    expect(served.length).toBeGreaterThan(5);
    expect([...new Set(documented)].sort()).toEqual([...new Set(served)].sort());
  });
});
