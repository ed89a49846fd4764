import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, slashAfterBasePath, stripBasePath } from './app.factory.js';
import { ConfigSchema } from './modules/config/config.schema.js';
import { TokensRepository } from './modules/tokens/tokens.repository.js';
import { falcoEvent } from './test-support/falco-events.js';
import { createTestDatabase, type TestDatabase } from './test-support/test-database.js';

describe('stripBasePath', () => {
  const strip = (url: string | undefined) => stripBasePath('/aerie')({ url });

  it('serves what is under the base path as if at /', () => {
    expect(strip('/aerie')).toBe('/');
    expect(strip('/aerie/')).toBe('/');
    expect(strip('/aerie?since=1h')).toBe('/?since=1h');
    expect(strip('/aerie/api/v1/events?limit=1')).toBe('/api/v1/events?limit=1');
    expect(strip('/aerie/assets/index.js')).toBe('/assets/index.js');
  });

  it('leaves everything else alone: the path without the prefix, and look-alikes', () => {
    expect(strip('/')).toBe('/');
    expect(strip(undefined)).toBe('/');
    expect(strip('/api/v1/events')).toBe('/api/v1/events');
    expect(strip('/aeriex/api')).toBe('/aeriex/api');
    expect(strip('/other/aerie/x')).toBe('/other/aerie/x');
  });

  it('works for a deeper prefix', () => {
    expect(stripBasePath('/security/aerie')({ url: '/security/aerie/healthz' })).toBe('/healthz');
    expect(stripBasePath('/security/aerie')({ url: '/security/healthz' })).toBe(
      '/security/healthz',
    );
  });
});

describe('slashAfterBasePath', () => {
  it('sends a page read of the bare base path under the slash, with its query', () => {
    expect(slashAfterBasePath('/aerie', 'GET', '/aerie')).toBe('/aerie/');
    expect(slashAfterBasePath('/aerie', 'HEAD', '/aerie?since=1h')).toBe('/aerie/?since=1h');
  });

  it('leaves other paths and every write alone (Falco posts to the base path)', () => {
    expect(slashAfterBasePath('/aerie', 'GET', '/aerie/')).toBeUndefined();
    expect(slashAfterBasePath('/aerie', 'GET', '/aerie/api/v1/events')).toBeUndefined();
    expect(slashAfterBasePath('/aerie', 'GET', '/aeriex')).toBeUndefined();
    expect(slashAfterBasePath('/aerie', 'POST', '/aerie')).toBeUndefined();
  });
});

describe('an app with basePath /aerie', () => {
  const INDEX = '<!doctype html><title>Aerie test dashboard</title>';
  let db: TestDatabase;
  let webDist: string;
  let url: string;
  let token: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    // A stand-in for apps/web/dist: the test does not depend on the dashboard being built.
    webDist = mkdtempSync(join(tmpdir(), 'aerie-web-'));
    mkdirSync(join(webDist, 'assets'));
    writeFileSync(join(webDist, 'index.html'), INDEX);
    writeFileSync(join(webDist, 'assets', 'app.js'), 'console.log("aerie")');
    db = await createTestDatabase();
    const config = ConfigSchema.parse({
      port: 0,
      listenAddress: '127.0.0.1',
      dataDir: db.dataDir,
      ...(db.databaseUrl ? { databaseUrl: db.databaseUrl } : {}),
      logLevel: 'silent',
      basePath: '/aerie',
    });
    const { app } = await createApp(config, pino({ level: 'silent' }), webDist);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.getHttpServer().address();
    if (typeof address !== 'object' || address === null) throw new Error('no address');
    url = `http://127.0.0.1:${address.port}`;
    const admin = await app
      .get(TokensRepository)
      .create({ name: 'base path admin', scopes: ['admin'], teams: [] });
    token = admin.token;
    close = () => app.close();
  });
  afterAll(async () => {
    await close?.();
    await db?.drop();
    if (webDist) rmSync(webDist, { recursive: true, force: true });
  });

  const get = (path: string, init: RequestInit = {}) => fetch(`${url}${path}`, init);
  const asAdmin = () => ({ headers: { authorization: `Bearer ${token}` } });

  it('answers the API under the prefix and without it', async () => {
    const posted = await fetch(`${url}/aerie/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(falcoEvent({ rule: 'Under the prefix' })),
    });
    expect(posted.status).toBe(200);
    const bare = await fetch(`${url}/aerie`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(falcoEvent({ rule: 'At the bare prefix' })),
    });
    expect(bare.status).toBe(200);
    for (const path of ['/aerie/api/v1/events?limit=10', '/api/v1/events?limit=10']) {
      const res = await get(path, asAdmin());
      expect(res.status, path).toBe(200);
      const { items } = (await res.json()) as { items: Array<{ rule: string }> };
      expect(items.map((i) => i.rule).sort(), path).toEqual([
        'At the bare prefix',
        'Under the prefix',
      ]);
    }
    expect((await get('/aerie/healthz')).status).toBe(200);
    expect((await get('/healthz')).status).toBe(200);
    expect((await get('/aerie/api/v1/stats')).status).toBe(401); // still signed-in only
    expect((await get('/aerie/api/v1/stats', asAdmin())).status).toBe(200);
  });

  it('serves the dashboard at /aerie/ (and sends /aerie there), its assets under the prefix', async () => {
    const page = await get('/aerie/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toBe(INDEX);

    const bare = await get('/aerie?since=1h', { redirect: 'manual' });
    expect(bare.status).toBe(308);
    expect(bare.headers.get('location')).toBe('/aerie/?since=1h');
    const followed = await get('/aerie');
    expect(followed.url).toBe(`${url}/aerie/`);
    expect(await followed.text()).toBe(INDEX);

    const asset = await get('/aerie/assets/app.js');
    expect(asset.status).toBe(200);
    expect(await asset.text()).toBe('console.log("aerie")');
    expect(await (await get('/')).text()).toBe(INDEX);
    expect((await get('/aeriex/')).status).toBe(404);
  });
});
