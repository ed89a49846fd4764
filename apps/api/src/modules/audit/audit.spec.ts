import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-database.js';
import { startTestApp, type TestApp } from '../../test-support/test-app.js';
import { Database } from '../database/database.js';
import { TokensRepository } from '../tokens/tokens.repository.js';
import { AuditLog } from './audit-log.js';

const CLI = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'dist', 'cli.js');

let target: TestDatabase;
let app: TestApp | undefined;
let admin: string;
let adminId: string;

beforeAll(async () => {
  target = await createTestDatabase();
  const db = await Database.open(target);
  const created = await new TokensRepository(db).create({
    name: 'admin',
    scopes: ['admin'],
    teams: [],
  });
  admin = created.token;
  adminId = created.id;
  await db.close();
  app = await startTestApp(target);
});
afterAll(async () => {
  await app?.close();
  await target?.drop();
});

function call(method: string, path: string, token?: string, body?: unknown) {
  return fetch(`${app!.url}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

interface Entry {
  seq: number;
  actor: string;
  action: string;
  target: string | null;
  source_ip: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

describe('audit trail', () => {
  it('records token changes with who, what, when, from where, before and after — never the secret', async () => {
    const created = (await (
      await call('POST', '/api/v1/tokens', admin, { name: 'siem', scopes: ['siem:read'] })
    ).json()) as {
      id: string;
      token: string;
    };
    await call('PATCH', `/api/v1/tokens/${created.id}`, admin, { name: 'siem-eu' });
    await call('DELETE', `/api/v1/tokens/${created.id}`, admin);
    expect((await call('GET', '/api/v1/tokens', 'aerie_wrong')).status).toBe(401);

    const res = await call('GET', '/api/v1/audit', admin);
    const text = await res.text();
    expect(text).not.toContain(created.token);
    const { items } = JSON.parse(text) as { items: Entry[] };
    // Newest first; the first start's entries (config, first admin) come after these.
    expect(items.slice(0, 4).map((e) => e.action)).toEqual([
      'auth.denied',
      'token.revoke',
      'token.update',
      'token.create',
    ]);
    const [denied, revoke, update, create] = items as [Entry, Entry, Entry, Entry];
    expect(create).toMatchObject({
      actor: `token:${adminId}`,
      target: created.id,
      before: null,
      after: { name: 'siem' },
    });
    expect(create.source_ip).toMatch(/127\.0\.0\.1/);
    expect(update).toMatchObject({ before: { name: 'siem' }, after: { name: 'siem-eu' } });
    expect(revoke.before).toMatchObject({ revoked_at: null });
    expect(revoke.after?.['revoked_at']).toEqual(expect.any(String));
    expect(denied).toMatchObject({
      actor: 'anonymous',
      target: 'GET /api/v1/tokens',
      after: { status: 401 },
    });
    expect(items.map((e) => e.seq)).toEqual([...items.map((e) => e.seq)].sort((a, b) => b - a));
  });

  it('filters by actor and by action, and pages within the filter', async () => {
    for (const name of ['a', 'b', 'c']) {
      await call('POST', '/api/v1/tokens', admin, { name: `filter-${name}`, scopes: ['admin'] });
    }
    const list = async (query: string) =>
      ((await (await call('GET', `/api/v1/audit?${query}`, admin)).json()) as { items: Entry[] })
        .items;

    const mine = await list(`actor=token:${adminId}&action=token.create&limit=2`);
    expect(mine.map((e) => e.after?.['name'])).toEqual(['filter-c', 'filter-b']);
    const next = await list(`actor=token:${adminId}&action=token.create&before=${mine[1]!.seq}`);
    expect(next.map((e) => e.after?.['name'])).toEqual(['filter-a', 'siem']);

    expect((await list('actor=anonymous')).every((e) => e.actor === 'anonymous')).toBe(true);
    expect(await list('action=no.such.action')).toEqual([]);
    const bad = await call('GET', '/api/v1/audit?actor=', admin);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ issues: [{ field: 'actor' }] });
  });

  it('is for admins only, and verifies its own chain', async () => {
    expect((await call('GET', '/api/v1/audit')).status).toBe(401);
    const check = await (await call('GET', '/api/v1/audit/verify', admin)).json();
    expect(check).toMatchObject({
      ok: true,
      entries: expect.any(Number),
      head: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('refuses edits, and `aerie audit verify` finds an edited or removed entry', async () => {
    await app!.close();
    app = undefined;
    const run = () =>
      promisify(execFile)(process.execPath, [CLI, 'audit', 'verify'], {
        env: {
          ...process.env,
          DATABASE_URL: target.databaseUrl ?? '',
          AERIE_DATA_DIR: target.dataDir,
        },
      }).then(
        ({ stdout }) => ({ code: 0, out: stdout }),
        (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }),
      );
    expect(await run()).toMatchObject({
      code: 0,
      out: expect.stringContaining('audit log intact'),
    });

    const db = await Database.open(target);
    try {
      await expect(db.query(`UPDATE audit_log SET actor = 'someone else'`)).rejects.toThrow(
        /append-only/,
      );
      await expect(db.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
      await expect(db.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
      // An attacker with the database owner's rights can disable the trigger; the chain still tells.
      await db.query(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`);
      const [second] = await db.query<{ seq: string }>(
        `SELECT seq FROM audit_log WHERE action = 'token.update'`,
      );
      await db.query(`UPDATE audit_log SET entry = replace(entry, 'siem', 'evil') WHERE seq = $1`, [
        second!.seq,
      ]);
      expect(await new AuditLog(db).verify()).toMatchObject({
        ok: false,
        brokenAt: Number(second!.seq),
        reason: expect.stringContaining('edited'),
      });
      await db.query(`DELETE FROM audit_log WHERE seq = $1`, [second!.seq]);
      expect(await new AuditLog(db).verify()).toMatchObject({
        ok: false,
        reason: expect.stringContaining('removed'),
      });
    } finally {
      await db.close();
    }
    const broken = await run();
    expect(broken.code).toBe(1);
    expect(broken.out).toContain('BROKEN');
  });
});
