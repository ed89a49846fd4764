import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-database.js';
import { startTestApp, type TestApp } from '../../test-support/test-app.js';
import { falcoEvent } from '../../test-support/falco-events.js';
import { Database } from '../database/database.js';
import { TeamsRepository } from '../teams/teams.repository.js';

const CLI = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'dist', 'cli.js');

/** `npm run aerie -- …` as a user runs it (the built CLI, its own process). */
async function cli(
  db: TestDatabase,
  ...args: string[]
): Promise<{ code: number; out: string; err: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], {
      env: { ...process.env, DATABASE_URL: db.databaseUrl ?? '', AERIE_DATA_DIR: db.dataDir },
    });
    return { code: 0, out: stdout, err: stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, out: err.stdout, err: err.stderr };
  }
}

async function createWithCli(db: TestDatabase, ...args: string[]): Promise<string> {
  const res = await cli(db, 'token', 'create', ...args);
  expect(res.code, res.err).toBe(0);
  const token = res.out.trim().split('\n').pop()!;
  expect(token).toMatch(/^aerie_[A-Za-z0-9_-]{43}$/);
  return token;
}

function call(app: TestApp, method: string, path: string, token?: string, body?: unknown) {
  return fetch(`${app.url}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

let db: TestDatabase;
let app: TestApp;
let admin: string;
let ingestOnly: string;

beforeAll(async () => {
  db = await createTestDatabase();
  // The first admin token comes from the CLI, before the server holds the database.
  admin = await createWithCli(db, '--name', 'bootstrap', '--scope', 'admin');
  ingestOnly = await createWithCli(
    db,
    '--name',
    'falco-prod',
    '--scope',
    'events:ingest',
    '--cluster',
    'prod-eu',
  );
  app = await startTestApp(db, { requireToken: true });
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
});

describe('token administration', () => {
  it('needs a token with the admin scope', async () => {
    const none = await call(app, 'GET', '/api/v1/tokens');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect((await call(app, 'GET', '/api/v1/tokens', ingestOnly)).status).toBe(403);
    expect((await call(app, 'GET', '/api/v1/tokens', 'aerie_forged')).status).toBe(401);
  });

  it('creates, shows once, lists without secrets, updates and revokes', async () => {
    const created = await call(app, 'POST', '/api/v1/tokens', admin, {
      name: 'siem',
      scopes: ['siem:read'],
      expires_at: '2099-01-01T00:00:00Z',
    });
    expect(created.status).toBe(201);
    const body = (await created.json()) as {
      id: string;
      token: string;
      prefix: string;
      scopes: string[];
    };
    expect(body.token.startsWith(body.prefix)).toBe(true);
    expect(body.scopes).toEqual(['siem:read']);

    const list = await (await call(app, 'GET', '/api/v1/tokens', admin)).text();
    expect(list).toContain(body.id);
    expect(list).not.toContain(body.token);
    expect(list).not.toContain(admin);

    const patched = await call(app, 'PATCH', `/api/v1/tokens/${body.id}`, admin, {
      name: 'siem-eu',
    });
    expect(await patched.json()).toMatchObject({ name: 'siem-eu', scopes: ['siem:read'] });

    const revoked = await call(app, 'DELETE', `/api/v1/tokens/${body.id}`, admin);
    expect(await revoked.json()).toMatchObject({
      id: body.id,
      revoked_at: expect.stringMatching(/^20\d\d-/),
    });
    expect((await call(app, 'GET', `/api/v1/tokens/${crypto.randomUUID()}`, admin)).status).toBe(
      404,
    );
  });

  it('names the field of a bad request', async () => {
    const res = await call(app, 'POST', '/api/v1/tokens', admin, { name: '', scopes: ['root'] });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { issues: Array<{ field: string }> };
    expect(body.issues.map((i) => i.field).sort()).toEqual(['name', 'scopes[0]']);
  });

  // Reads the table from outside the app: needs a server (CI's Postgres), PGlite has one owner.
  it.runIf(process.env['DATABASE_URL'])('stores only a hash of each secret', async () => {
    const client = new pg.Client({ connectionString: db.databaseUrl });
    await client.connect();
    try {
      const dump = JSON.stringify((await client.query('SELECT * FROM api_tokens')).rows);
      expect(dump).not.toContain(admin.slice(12));
      expect(dump).not.toContain(ingestOnly.slice(12));
    } finally {
      await client.end();
    }
  });
});

describe('ingest with ingest.requireToken', () => {
  it('refuses events without a valid events:ingest token', async () => {
    expect((await call(app, 'POST', '/', undefined, falcoEvent())).status).toBe(401);
    expect((await call(app, 'POST', '/api/v1/events', undefined, [falcoEvent()])).status).toBe(401);
    expect((await call(app, 'POST', '/test')).status).toBe(401);
    expect((await call(app, 'POST', '/', admin, falcoEvent())).status).toBe(403);
  });

  it('takes the token as a Bearer header or as ?token= (Falco http_output), and pins the cluster', async () => {
    const viaHeader = await call(
      app,
      'POST',
      '/',
      ingestOnly,
      falcoEvent({ output_fields: { 'k8s.cluster.name': 'claimed' } }),
    );
    expect(viaHeader.status).toBe(200);
    const viaQuery = await fetch(`${app.url}/?token=${ingestOnly}`, {
      method: 'POST',
      body: JSON.stringify(falcoEvent()),
    });
    expect(viaQuery.status).toBe(200);
    for (const res of [viaHeader, viaQuery]) {
      const { id } = (await res.json()) as { id: string };
      const event = (await (
        await fetch(`${app.url}/api/v1/events/${id}`, {
          headers: { authorization: `Bearer ${admin}` },
        })
      ).json()) as {
        cluster: string;
      };
      expect(event.cluster).toBe('prod-eu');
    }
  });

  it('stops accepting a token as soon as it is revoked or expired', async () => {
    const short = (await (
      await call(app, 'POST', '/api/v1/tokens', admin, { name: 'tmp', scopes: ['events:ingest'] })
    ).json()) as {
      id: string;
      token: string;
    };
    expect((await call(app, 'POST', '/', short.token, falcoEvent())).status).toBe(200);
    await call(app, 'DELETE', `/api/v1/tokens/${short.id}`, admin);
    expect((await call(app, 'POST', '/', short.token, falcoEvent())).status).toBe(401);

    const expired = (await (
      await call(app, 'POST', '/api/v1/tokens', admin, {
        name: 'old',
        scopes: ['events:ingest'],
        expires_at: '2020-01-01T00:00:00Z',
      })
    ).json()) as { token: string };
    expect((await call(app, 'POST', '/', expired.token, falcoEvent())).status).toBe(401);
  });
});

describe('the CLI', () => {
  it('lists and revokes, and explains bad arguments', async () => {
    const bad = await cli(db, 'token', 'create', '--name', 'x', '--scope', 'everything');
    expect(bad.code, bad.err).toBe(2);
    expect(bad.err).toContain('--scope');
    expect((await cli(db, 'nonsense')).code).toBe(2);
    if (db.kind === 'pglite') {
      // The server holds the embedded database: the CLI must not open it too.
      const busy = await cli(db, 'token', 'list');
      expect(busy.code).toBe(1);
      expect(busy.err).toContain('in use by process');
    } else {
      const list = await cli(db, 'token', 'list');
      expect(list.out).toContain('falco-prod');
      expect(list.out).not.toContain(ingestOnly);
    }
  });

  it('creates a token limited to teams: `token create --scope siem:read --team payments`', async () => {
    const target = await createTestDatabase();
    try {
      const database = await Database.open(target);
      await new TeamsRepository(database).create({
        name: 'payments',
        namespaces: ['*/payments'],
        cluster_wide: false,
      });
      await database.close();
      const unknown = await cli(
        target,
        'token',
        'create',
        '--scope',
        'siem:read',
        '--team',
        'nope',
      );
      expect(unknown.code).toBe(2);
      expect(unknown.err).toContain('--team: no team named nope');
      const made = await cli(
        target,
        'token',
        'create',
        '--scope',
        'siem:read',
        '--team',
        'payments',
      );
      expect(made.code, made.err).toBe(0);
      expect(made.out).toContain('siem:read; teams payments');
      expect(made.out.trim().split('\n').pop()).toMatch(/^aerie_[\w-]{43}$/);
    } finally {
      await target.drop();
    }
  });
});
