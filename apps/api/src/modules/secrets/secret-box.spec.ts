import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-database.js';
import { Database } from '../database/database.js';
import { SecretBox, SecretBoxError } from './secret-box.js';

const key = randomBytes(32);
const box = new SecretBox({ current: key });
const CONTEXT = 'output:0b5e:password';

/** Replaces one dot-separated part of a sealed value, keeping it well-formed base64url. */
function withPart(sealed: string, index: number, edit: (bytes: Buffer) => Buffer): string {
  const parts = sealed.split('.');
  parts[index] = edit(Buffer.from(parts[index] ?? '', 'base64url')).toString('base64url');
  return parts.join('.');
}
const flipFirstBit = (bytes: Buffer) => {
  const copy = Buffer.from(bytes);
  copy[0] = (copy[0] ?? 0) ^ 1;
  return copy;
};

function failure(fn: () => unknown): SecretBoxError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(SecretBoxError);
    return err as SecretBoxError;
  }
  throw new Error('expected open() to fail');
}

describe('SecretBox', () => {
  it('round-trips any text, with a fresh IV each time', () => {
    for (const plaintext of ['hunter2', '', 'pä$$wörd 🔑 "quoted"\n', 'x'.repeat(100_000)]) {
      const sealed = box.seal(plaintext, CONTEXT);
      expect(box.open(sealed, CONTEXT)).toBe(plaintext);
    }
    const a = box.seal('hunter2', CONTEXT);
    const b = box.seal('hunter2', CONTEXT);
    expect(a).not.toBe(b);
    expect(a.split('.')[2]).not.toBe(b.split('.')[2]);
  });

  it('writes v1.<key id>.<iv>.<ciphertext>.<tag> in base64url, without the plaintext', () => {
    const sealed = box.seal('hunter2-plaintext', CONTEXT);
    expect(sealed).toMatch(
      /^v1\.[0-9a-f]{12}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/,
    );
    expect(sealed.split('.')[1]).toBe(box.keyId);
    expect(sealed).not.toContain('hunter2');
    expect(sealed).not.toContain(Buffer.from('hunter2').toString('base64url'));
  });

  it('detects a changed IV, ciphertext, tag or context', () => {
    const sealed = box.seal('hunter2', CONTEXT);
    const tampered = [
      withPart(sealed, 2, flipFirstBit), // iv
      withPart(sealed, 3, flipFirstBit), // ciphertext
      withPart(sealed, 4, flipFirstBit), // tag
      withPart(sealed, 3, (b) => Buffer.concat([b, Buffer.from([0])])), // longer ciphertext
    ];
    for (const value of tampered) {
      const err = failure(() => box.open(value, CONTEXT));
      expect(err.reason).toBe('tampered');
      expect(err.message).not.toContain('hunter2');
    }
    // Moved to another row or field: same key, another context.
    expect(failure(() => box.open(sealed, 'output:other-row:password')).reason).toBe('tampered');
    expect(failure(() => box.open(sealed, 'output:0b5e:token')).message).toMatch(
      /altered, or sealed for another field/,
    );
  });

  it('refuses damaged values as malformed', () => {
    const sealed = box.seal('hunter2', CONTEXT);
    const parts = sealed.split('.');
    for (const value of [
      '',
      'hunter2',
      parts.slice(0, 4).join('.'),
      `${sealed}.extra`,
      sealed.replace(/^v1/, 'v9'),
      withPart(sealed, 2, (b) => b.subarray(1)), // 11-byte IV
      withPart(sealed, 4, (b) => b.subarray(4)), // 12-byte tag: GCM would accept a short tag
      [parts[0], parts[1], `${parts[2]}!`, parts[3], parts[4]].join('.'),
    ]) {
      expect(failure(() => box.open(value, CONTEXT)).reason).toBe('malformed');
    }
  });

  it('says a value was sealed with another key instead of returning garbage', () => {
    const other = new SecretBox({ current: randomBytes(32) });
    const err = failure(() => other.open(box.seal('hunter2', CONTEXT), CONTEXT));
    expect(err.reason).toBe('unknown_key');
    expect(err.message).toContain('sealed with another key');
    expect(err.message).toContain(box.keyId);
    expect(err.message).toContain(other.keyId);
  });

  it('opens values of the previous key after a rotation, and tells they need sealing again', () => {
    const rotated = new SecretBox({ current: randomBytes(32), previous: [key] });
    const old = box.seal('hunter2', CONTEXT);
    expect(rotated.open(old, CONTEXT)).toBe('hunter2');
    expect(rotated.isStale(old)).toBe(true);
    const fresh = rotated.seal('hunter2', CONTEXT);
    expect(rotated.isStale(fresh)).toBe(false);
    expect(fresh.split('.')[1]).toBe(rotated.keyId);
    expect(failure(() => box.open(fresh, CONTEXT)).reason).toBe('unknown_key');
  });

  it('fingerprints with the key: stable, per context, and no plain hash of the secret', () => {
    const f = box.fingerprint('hunter2', 'config:x');
    expect(f).toMatch(/^[0-9a-f]{24}$/);
    expect(box.fingerprint('hunter2', 'config:x')).toBe(f);
    expect(box.fingerprint('hunter3', 'config:x')).not.toBe(f);
    expect(box.fingerprint('hunter2', 'config:y')).not.toBe(f);
    expect(new SecretBox({ current: randomBytes(32) }).fingerprint('hunter2', 'config:x')).not.toBe(
      f,
    );
  });

  it('needs a context', () => {
    expect(() => box.seal('hunter2', '')).toThrow(/context/);
  });
});

describe('sealed values in the database', () => {
  let target: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    target = await createTestDatabase();
    db = await Database.open(target);
  });
  afterAll(async () => {
    await db?.close();
    await target?.drop();
  });

  /** The bytes of a table's heap file, as Postgres wrote them to disk. */
  async function tableBytes(table: string): Promise<Buffer> {
    await db.query('CHECKPOINT'); // flush dirty pages so the file has the rows
    const [row] = await db.query<{ bytes: Uint8Array }>(
      `SELECT pg_read_binary_file(pg_relation_filepath($1::regclass)) AS bytes`,
      [table],
    );
    return Buffer.from(row!.bytes);
  }

  it('stores only ciphertext: the plaintext is in no byte of the table, and reads back', async () => {
    const plaintext = `db-password-${randomBytes(8).toString('hex')}`;
    await db.query(`CREATE TABLE secret_probe (id int PRIMARY KEY, password text NOT NULL)`);
    await db.query(`CREATE TABLE plain_probe (id int PRIMARY KEY, password text NOT NULL)`);
    await db.query(`INSERT INTO secret_probe VALUES (1, $1)`, [
      box.seal(plaintext, 'secret_probe:1:password'),
    ]);
    // The control: the same method does see a plaintext that was stored as such.
    await db.query(`INSERT INTO plain_probe VALUES (1, $1)`, [plaintext]);

    expect((await tableBytes('plain_probe')).includes(plaintext)).toBe(true);
    const sealedBytes = await tableBytes('secret_probe');
    expect(sealedBytes.includes('v1.')).toBe(true);
    expect(sealedBytes.includes(plaintext)).toBe(false);
    expect(sealedBytes.includes(plaintext.slice(-12))).toBe(false);

    const [row] = await db.query<{ password: string }>(
      `SELECT password FROM secret_probe WHERE id = 1`,
    );
    expect(box.open(row!.password, 'secret_probe:1:password')).toBe(plaintext);
    // Copied to another row, it no longer opens.
    expect(() => box.open(row!.password, 'secret_probe:2:password')).toThrow(SecretBoxError);
  });
});
