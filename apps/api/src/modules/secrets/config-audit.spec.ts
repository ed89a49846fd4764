import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-database.js';
import { startTestApp } from '../../test-support/test-app.js';
import { AuditLog, type AuditEntry } from '../audit/audit-log.js';
import { ConfigSchema, type AerieConfig } from '../config/config.schema.js';
import { Database } from '../database/database.js';
import { CONFIG_APPLY, changedPaths, recordConfigChange } from './config-audit.js';
import { SecretBox } from './secret-box.js';

const DB_PASSWORD = `db-pw-${randomBytes(6).toString('hex')}`;
const OIDC_SECRET = `oidc-${randomBytes(6).toString('hex')}`;
const NEW_OIDC_SECRET = `oidc-new-${randomBytes(6).toString('hex')}`;
const SECRETS = [DB_PASSWORD, OIDC_SECRET, NEW_OIDC_SECRET];

function configWith(overrides: { maxSize?: number; clientSecret?: string } = {}): AerieConfig {
  return ConfigSchema.parse({
    databaseUrl: `postgres://aerie:${DB_PASSWORD}@db.internal:5432/aerie`,
    ingest: { batch: { maxSize: overrides.maxSize ?? 1000 }, customTags: ['eu'] },
    auth: {
      oidc: {
        issuer: 'https://idp.example',
        clientId: 'aerie',
        clientSecret: overrides.clientSecret ?? OIDC_SECRET,
        redirectUri: 'https://aerie.example/api/v1/auth/oidc/callback',
      },
    },
  });
}

const silent = { info: () => undefined, warn: () => undefined };

interface Recorded {
  config: {
    databaseUrl: string;
    ingest: { batch: { maxSize: number } };
    auth: { oidc: { clientSecret: string; clientId: string } };
  };
  changed?: string[];
}

describe('config.apply audit entries', () => {
  let target: TestDatabase;
  let db: Database;
  let audit: AuditLog;
  const box = new SecretBox({ current: randomBytes(32) });

  beforeAll(async () => {
    target = await createTestDatabase();
    db = await Database.open(target);
    audit = new AuditLog(db);
  });
  afterAll(async () => {
    await db?.close();
    await target?.drop();
  });

  const applies = async (): Promise<AuditEntry[]> =>
    (await audit.list(1000)).filter((e) => e.action === CONFIG_APPLY);

  it('records the configuration on the first start, by system, secrets fingerprinted', async () => {
    const changed = await recordConfigChange(configWith(), audit, box, silent);
    expect(changed).toContain('ingest.batch.maxSize');
    expect(changed).toContain('auth.oidc.clientSecret');
    const [entry, ...more] = await applies();
    expect(more).toEqual([]);
    expect(entry).toMatchObject({
      actor: 'system',
      action: 'config.apply',
      target: 'config',
      source_ip: null,
      before: null,
    });
    const after = entry!.after as Recorded;
    expect(after.config.ingest.batch.maxSize).toBe(1000);
    expect(after.config.auth.oidc.clientId).toBe('aerie');
    expect(after.config.auth.oidc.clientSecret).toMatch(/^hmac:[0-9a-f]{24}$/);
    expect(after.config.databaseUrl).toMatch(
      /^postgres:\/\/aerie:hmac:[0-9a-f]{24}@db\.internal:5432\/aerie$/,
    );
  });

  it('records nothing when the configuration is the same', async () => {
    expect(await recordConfigChange(configWith(), audit, box, silent)).toEqual([]);
    expect(await applies()).toHaveLength(1);
  });

  it('records a change with the whole configuration before and after and the changed keys', async () => {
    const said: string[] = [];
    const logger = {
      info: (o: object, m: string) => said.push(m + JSON.stringify(o)),
      warn: silent.warn,
    };
    expect(await recordConfigChange(configWith({ maxSize: 250 }), audit, box, logger)).toEqual([
      'ingest.batch.maxSize',
    ]);
    const [latest] = await applies();
    const before = latest!.before as Recorded;
    const after = latest!.after as Recorded;
    expect(before.config.ingest.batch.maxSize).toBe(1000);
    expect(after.config.ingest.batch.maxSize).toBe(250);
    expect(after.changed).toEqual(['ingest.batch.maxSize']);
    expect(said.join()).toContain('ingest.batch.maxSize');
    expect(await applies()).toHaveLength(2);
  });

  it('sees a changed secret through its fingerprint, without storing either value', async () => {
    expect(
      await recordConfigChange(
        configWith({ maxSize: 250, clientSecret: NEW_OIDC_SECRET }),
        audit,
        box,
        silent,
      ),
    ).toEqual(['auth.oidc.clientSecret']);
    const [latest] = await applies();
    const before = (latest!.before as Recorded).config.auth.oidc.clientSecret;
    const after = (latest!.after as Recorded).config.auth.oidc.clientSecret;
    expect(before).not.toBe(after);
    expect(
      await recordConfigChange(
        configWith({ maxSize: 250, clientSecret: NEW_OIDC_SECRET }),
        audit,
        box,
        silent,
      ),
    ).toEqual([]);
  });

  it('holds no secret, nor a plain hash of one, in any byte of the audit table', async () => {
    const [row] = await db.query<{ text: string }>(
      `SELECT string_agg(entry || actor || action || coalesce(target, ''), '|') AS text FROM audit_log`,
    );
    const text = row!.text;
    expect(text).toContain('config.apply');
    for (const secret of SECRETS) {
      expect(text).not.toContain(secret);
      const sha = createHash('sha256').update(secret).digest('hex');
      expect(text).not.toContain(sha.slice(0, 24));
    }
    expect(await audit.verify()).toMatchObject({ ok: true });
  });

  it('lists changed keys of nested values, arrays as a whole, added and removed keys', () => {
    expect(
      changedPaths(
        { a: 1, b: { c: [1, 2], d: 'x' }, gone: true, e: {} },
        { a: 1, b: { c: [1, 3], d: 'x' }, added: null, e: {} },
      ),
    ).toEqual(['added', 'b.c', 'gone']);
    expect(changedPaths({ o: { x: 1, y: 2 } }, { o: { y: 2, x: 1 } })).toEqual([]);
  });
});

describe('config.apply at app start', () => {
  let target: TestDatabase;
  beforeAll(async () => {
    target = await createTestDatabase();
  });
  afterAll(async () => {
    await target?.drop();
  });

  async function startAndStop(ingest: { defaultCluster?: string } = {}): Promise<void> {
    const app = await startTestApp(target, ingest);
    await app.close();
  }

  it('is appended on the first start, not on a restart with the same config, again on a change', async () => {
    await startAndStop();
    await startAndStop();
    await startAndStop({ defaultCluster: 'prod-eu-1' });
    const db = await Database.open(target);
    try {
      const entries = (await new AuditLog(db).list(1000)).filter((e) => e.action === CONFIG_APPLY);
      expect(entries).toHaveLength(2);
      expect((entries[0]!.after as Recorded).changed).toEqual(['ingest.defaultCluster']);
      expect(entries[1]!.before).toBeNull();
    } finally {
      await db.close();
    }
  });
});
