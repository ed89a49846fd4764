import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, signIn, type Session } from '../../test-support/http.js';
import { startTestApp, type TestApp } from '../../test-support/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-database.js';
import { AuditLog } from '../audit/audit-log.js';
import { UsersRepository } from '../users/users.repository.js';
import { ensureFirstAdmin } from './first-admin.js';

const ADMIN_PASSWORD = 'first admin password 42';
const PASSWORD = 'carol has a long passphrase';
const MAX_FAILED = 3;

let target: TestDatabase;
let app: TestApp;
let admin: Session;

beforeAll(async () => {
  target = await createTestDatabase();
  process.env['AERIE_ADMIN_PASSWORD'] = ADMIN_PASSWORD;
  try {
    app = await startTestApp(
      target,
      {},
      { auth: { maxFailedLogins: MAX_FAILED, lockoutSeconds: 120, loginRateLimit: 1000 } },
    );
  } finally {
    delete process.env['AERIE_ADMIN_PASSWORD'];
  }
  admin = await signIn(app.url, 'admin', ADMIN_PASSWORD);
  const created = await call(app.url, 'POST', '/api/v1/users', admin, {
    username: 'carol',
    password: PASSWORD,
    role: 'viewer',
  });
  expect(created.status, created.text).toBe(201);
});
afterAll(async () => {
  await app?.close();
  await target?.drop();
});

const login = (username: string, password: string, contentType = 'application/json') =>
  fetch(`${app.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: JSON.stringify({ username, password }),
  });

async function auditActions(): Promise<Array<{ action: string; target: string; after: unknown }>> {
  const res = await call(app.url, 'GET', '/api/v1/audit?limit=1000', app.adminToken);
  return (res.body as { items: Array<{ action: string; target: string; after: unknown }> }).items;
}

describe('password sign-in', () => {
  it('sets an HttpOnly, SameSite=Strict session cookie; /me says who; logout ends it', async () => {
    const res = await login('carol', PASSWORD);
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^aerie_session=[\w-]{43};/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/i); // plain HTTP here
    // Behind a TLS-terminating proxy the browser spoke HTTPS: the cookie must say Secure.
    const proxied = await fetch(`${app.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
      body: JSON.stringify({ username: 'carol', password: PASSWORD }),
    });
    expect(proxied.headers.get('set-cookie')).toMatch(/; Secure/i);
    const me = (await res.json()) as Record<string, unknown>;
    expect(me).toMatchObject({ kind: 'user', username: 'carol', role: 'viewer', teams: [] });
    const session = { cookie: cookie.split(';')[0]!, csrf: String(me['csrf_token']) };
    expect((await call(app.url, 'GET', '/api/v1/auth/me', session)).body).toMatchObject({
      username: 'carol',
    });
    expect((await call(app.url, 'POST', '/api/v1/auth/logout', session)).status).toBe(204);
    expect((await call(app.url, 'GET', '/api/v1/auth/me', session)).status).toBe(401);
    expect((await call(app.url, 'GET', '/api/v1/events', session)).status).toBe(401);
    const actions = (await auditActions()).map((a) => `${a.action} ${a.target}`);
    expect(actions).toContain('auth.login user:carol');
    expect(actions).toContain('auth.logout user:carol');
  });

  it('answers a wrong password and an unknown user alike, and audits both', async () => {
    const wrong = await login('carol', 'not the password at all');
    const unknown = await login('nobody', 'not the password at all');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.text()).toBe(await unknown.text());
    const failures = (await auditActions()).filter((a) => a.action === 'auth.login_failed');
    expect(failures.map((f) => f.target)).toEqual(
      expect.arrayContaining(['user:carol', 'user:nobody']),
    );
    expect(JSON.stringify(failures)).not.toContain('not the password at all');
    // The next right password resets the count.
    expect((await login('carol', PASSWORD)).status).toBe(200);
  });

  it('locks an account after too many wrong passwords — even the right one then — until an admin resets it', async () => {
    for (let i = 1; i < MAX_FAILED; i++)
      expect((await login('carol', `wrong ${i}`)).status).toBe(401);
    const locking = await login('carol', 'wrong again');
    expect(locking.status).toBe(429);
    expect(locking.headers.get('retry-after')).toBe('120');
    expect(await locking.json()).toMatchObject({
      error: 'account_locked',
      message: expect.stringMatching(/locked .* try again in 2 min/),
    });
    const right = await login('carol', PASSWORD);
    expect(right.status).toBe(429);
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(100);
    // Other accounts are not affected.
    expect((await login('admin', ADMIN_PASSWORD)).status).toBe(200);
    const users = (await call(app.url, 'GET', '/api/v1/users', admin)).body as {
      items: Array<{ id: string; username: string }>;
    };
    const carol = users.items.find((u) => u.username === 'carol')!;
    const reset = await call(app.url, 'PATCH', `/api/v1/users/${carol.id}`, admin, {
      password: PASSWORD,
    });
    expect(reset.status).toBe(200);
    expect((await login('carol', PASSWORD)).status).toBe(200);
  });

  it('needs the CSRF token for every state-changing request made with a session', async () => {
    const team = { name: 'csrf-check', namespaces: ['*/x'] };
    const without = await call(
      app.url,
      'POST',
      '/api/v1/teams',
      { ...admin, csrf: 'forged' },
      team,
    );
    expect(without.status).toBe(403);
    expect(without.body).toMatchObject({ error: 'csrf' });
    expect((await call(app.url, 'POST', '/api/v1/teams', admin, team)).status).toBe(201);
    // Login itself only takes JSON: a cross-site form cannot sign a browser in.
    expect((await login('carol', PASSWORD, 'text/plain')).status).toBe(415);
    expect((await login('carol', PASSWORD, 'application/x-www-form-urlencoded')).status).toBe(415);
  });

  it('ends a session at its expiry, and when the password changes or the account is disabled', async () => {
    const carol = await signIn(app.url, 'carol', PASSWORD);
    await app.database.query(
      `UPDATE sessions SET expires_at = now() - interval '1 second'
       WHERE user_id = (SELECT id FROM users WHERE username = 'carol')`,
    );
    expect((await call(app.url, 'GET', '/api/v1/auth/me', carol)).status).toBe(401);

    const again = await signIn(app.url, 'carol', PASSWORD);
    const users = (await call(app.url, 'GET', '/api/v1/users', admin)).body as {
      items: Array<{ id: string; username: string }>;
    };
    const id = users.items.find((u) => u.username === 'carol')!.id;
    await call(app.url, 'PATCH', `/api/v1/users/${id}`, admin, { disabled: true });
    expect((await call(app.url, 'GET', '/api/v1/auth/me', again)).status).toBe(401);
    expect((await login('carol', PASSWORD)).status).toBe(401);
    await call(app.url, 'PATCH', `/api/v1/users/${id}`, admin, { disabled: false });
    expect((await login('carol', PASSWORD)).status).toBe(200);
  });
});

describe('user and team administration', () => {
  it('names each bad field, refuses duplicates and unknown teams', async () => {
    const bad = await call(app.url, 'POST', '/api/v1/users', admin, {
      username: 'dave',
      password: 'short',
      role: 'root',
      teams: ['no-such-team'],
    });
    expect(bad.status).toBe(400);
    const fields = (bad.body as { issues: Array<{ field: string }> }).issues.map((i) => i.field);
    expect(fields).toEqual(expect.arrayContaining(['password', 'role']));
    const unknownTeam = await call(app.url, 'POST', '/api/v1/users', admin, {
      username: 'dave',
      password: PASSWORD,
      role: 'viewer',
      teams: ['no-such-team'],
    });
    expect(unknownTeam.status).toBe(400);
    expect(unknownTeam.body).toMatchObject({
      issues: [{ field: 'teams[0]', message: 'no team named "no-such-team"' }],
    });
    const dup = await call(app.url, 'POST', '/api/v1/users', admin, {
      username: 'carol',
      password: PASSWORD,
      role: 'viewer',
    });
    expect(dup.status).toBe(409);
    const badTeam = await call(app.url, 'POST', '/api/v1/teams', admin, {
      name: 'ops',
      namespaces: ['payments'],
    });
    expect(badTeam.status).toBe(400);
    expect(badTeam.body).toMatchObject({ issues: [{ field: 'namespaces[0]' }] });
  });

  it('is for admins: analysts and viewers get 403, and nobody 401', async () => {
    await call(app.url, 'POST', '/api/v1/users', admin, {
      username: 'erin',
      password: PASSWORD,
      role: 'analyst',
    });
    const erin = await signIn(app.url, 'erin', PASSWORD);
    for (const path of ['/api/v1/users', '/api/v1/teams', '/api/v1/tokens', '/api/v1/audit']) {
      expect((await call(app.url, 'GET', path, erin)).status, path).toBe(403);
      expect((await call(app.url, 'GET', path, undefined)).status, path).toBe(401);
    }
    expect((await call(app.url, 'GET', '/api/v1/events', erin)).status).toBe(200);
  });

  it('never shows a password or its hash, in answers or in the audit log', async () => {
    const list = await call(app.url, 'GET', '/api/v1/users', admin);
    expect(list.text).not.toMatch(/argon2|password/i);
    const audit = await call(app.url, 'GET', '/api/v1/audit?limit=1000', app.adminToken);
    expect(audit.text).not.toContain(PASSWORD);
    expect(audit.text).not.toContain(ADMIN_PASSWORD);
    expect(audit.text).not.toMatch(/argon2/);
    expect(audit.text).toContain('user.create');
  });

  it('keeps at least one enabled admin', async () => {
    const users = (await call(app.url, 'GET', '/api/v1/users', admin)).body as {
      items: Array<{ id: string; username: string }>;
    };
    const self = users.items.find((u) => u.username === 'admin')!;
    for (const [method, body] of [
      ['DELETE', undefined],
      ['PATCH', { role: 'viewer' }],
      ['PATCH', { disabled: true }],
    ] as const) {
      const res = await call(app.url, method, `/api/v1/users/${self.id}`, admin, body);
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ error: 'last_admin' });
    }
  });
});

describe('login rate limit per address', () => {
  it('answers 429 with Retry-After past the burst, whatever the account', async () => {
    const db = await createTestDatabase('pglite');
    const limited = await startTestApp(db, {}, { auth: { loginRateLimit: 0.01 } });
    try {
      const statuses: number[] = [];
      let last: Response | undefined;
      for (let i = 0; i < 12; i++) {
        last = await fetch(`${limited.url}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: `user${i}`, password: 'guess' }),
        });
        statuses.push(last.status);
      }
      expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
      expect(statuses.slice(10)).toEqual([429, 429]);
      expect(Number(last?.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await last?.json()).toMatchObject({ error: 'too_many_attempts' });
    } finally {
      await limited.close();
      await db.drop();
    }
  });
});

describe('first start', () => {
  it('creates admin once with a generated password printed once, or with AERIE_ADMIN_PASSWORD', async () => {
    const db = await createTestDatabase('pglite');
    const { Database } = await import('../database/database.js');
    const database = await Database.open(db);
    try {
      const lines: string[] = [];
      const logger = pino(
        new Writable({
          write(chunk: Buffer, _enc, done) {
            lines.push(chunk.toString());
            done();
          },
        }),
      );
      const users = new UsersRepository(database);
      const audit = new AuditLog(database);
      await expect(
        ensureFirstAdmin(users, audit, logger, { AERIE_ADMIN_PASSWORD: 'tooshort' }),
      ).rejects.toThrow(/^AERIE_ADMIN_PASSWORD must be at least 12 characters$/);
      await ensureFirstAdmin(users, audit, logger, {});
      await ensureFirstAdmin(users, audit, logger, {});
      expect(lines).toHaveLength(1);
      const password = /generated password (\S+) /.exec(lines[0]!)?.[1];
      expect(password).toMatch(/^[\w-]{24}$/);
      const account = await users.forLogin('admin');
      const { verifyPassword } = await import('./password.js');
      expect(await verifyPassword(account!.password_hash, password!)).toBe(true);
      expect(account!.password_hash).toMatch(/^\$argon2id\$/);
    } finally {
      await database.close();
      await db.drop();
    }
  });
});
