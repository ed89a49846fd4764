import http from 'node:http';
import { pino } from 'pino';
import { afterAll, beforeAll } from 'vitest';
import type { z } from 'zod';
import { createApp } from '../app.factory.js';
import { ConfigSchema, type AerieConfig } from '../modules/config/config.schema.js';
import type { Database } from '../modules/database/database.js';
import { TokensRepository } from '../modules/tokens/tokens.repository.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export interface TestApp {
  url: string;
  /** A token with the `admin` scope (reads everything), made for the test. */
  adminToken: string;
  /** The app's own database handle (PGlite allows one process per data directory). */
  database: Database;
  /** A provider of the running app (e.g. the internal bus), for tests that watch inside it. */
  get<T>(token: abstract new (...args: never[]) => T): T;
  routes: string[];
  config: AerieConfig;
  close(): Promise<void>;
}

type IngestOverrides = Partial<Omit<AerieConfig['ingest'], 'batch'>> & {
  batch?: Partial<AerieConfig['ingest']['batch']>;
};

/** The real app (real HTTP socket, real database) on a port the OS picks. */
export async function startTestApp(
  db: TestDatabase,
  ingest: IngestOverrides = {},
  top: Partial<
    Pick<
      z.input<typeof ConfigSchema>,
      'tls' | 'auth' | 'outputs' | 'publicUrl' | 'delivery' | 'basePath' | 'siem'
    >
  > = {},
): Promise<TestApp> {
  const config = ConfigSchema.parse({
    ...top,
    port: 0,
    listenAddress: '127.0.0.1',
    dataDir: db.dataDir,
    ...(db.databaseUrl ? { databaseUrl: db.databaseUrl } : {}),
    logLevel: 'silent',
    ingest,
  });
  const { app, routes, db: database } = await createApp(config, pino({ level: 'silent' }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  const admin = await app
    .get(TokensRepository)
    .create({ name: 'test admin', scopes: ['admin'], teams: [] });
  return {
    url: `http://127.0.0.1:${address.port}`,
    adminToken: admin.token,
    database,
    get: (token) => app.get(token),
    routes,
    config,
    close: () => app.close(),
  };
}

/** POSTs a body (object → JSON) and returns status and parsed JSON (or text). */
export async function post(
  url: string,
  body: unknown,
  contentType = 'application/json',
): Promise<{ status: number; body: unknown; text: string }> {
  const payload =
    typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body);
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: payload,
  });
  return read(res);
}

/** GETs with `token` as Bearer when given. */
export async function get(
  url: string,
  token?: string,
): Promise<{ status: number; body: unknown; text: string }> {
  return read(await fetch(url, token ? { headers: { authorization: `Bearer ${token}` } } : {}));
}

async function read(res: Response) {
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON (e.g. /ping, /metrics)
  }
  return { status: res.status, body, text };
}

/**
 * POSTs many bodies over `connections` keep-alive sockets, as Falco fleets do; returns each
 * status and parsed body in input order.
 */
export async function postConcurrently(
  url: string,
  bodies: string[],
  connections = 50,
): Promise<Array<{ status: number; body: unknown }>> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const target = new URL(url);
  const results: Array<{ status: number; body: unknown }> = new Array(bodies.length);
  let next = 0;
  const worker = async () => {
    while (next < bodies.length) {
      const i = next++;
      results[i] = await new Promise((resolve, reject) => {
        const req = http.request(
          {
            host: target.hostname,
            port: target.port,
            path: target.pathname,
            method: 'POST',
            agent,
            headers: { 'content-type': 'application/json' },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => {
              const text = Buffer.concat(chunks).toString('utf8');
              resolve({
                status: res.statusCode ?? 0,
                body: text === '' ? text : (JSON.parse(text) as unknown),
              });
            });
          },
        );
        req.on('error', reject);
        req.end(bodies[i]);
      });
    }
  };
  try {
    await Promise.all(Array.from({ length: connections }, worker));
  } finally {
    agent.destroy();
  }
  return results;
}

/**
 * A fresh database and app for the enclosing file or describe block (beforeAll/afterAll);
 * read them through the returned getters inside tests.
 */
export function useTestApp(options: { database?: 'pglite'; ingest?: IngestOverrides } = {}): {
  app: () => TestApp;
  db: () => TestDatabase;
} {
  let db: TestDatabase | undefined;
  let app: TestApp | undefined;
  beforeAll(async () => {
    db = await createTestDatabase(options.database);
    app = await startTestApp(db, options.ingest);
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });
  const need = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error('useTestApp: used outside a test');
    return v;
  };
  return { app: () => need(app), db: () => need(db) };
}
