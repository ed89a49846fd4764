import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../config/config.loader.js';
import {
  SECRET_KEY_FILE,
  SecretKeyError,
  loadSecretKeys,
  publishKeyFile,
  type KeyLogger,
} from './secret-key.js';

const here = dirname(fileURLToPath(import.meta.url));

/** Records what the loader logs, to check it says where and never what. */
function recorder(): KeyLogger & { lines: Array<{ level: string; obj: object; msg: string }> } {
  const lines: Array<{ level: string; obj: object; msg: string }> = [];
  return {
    lines,
    info: (obj, msg) => lines.push({ level: 'info', obj, msg }),
    warn: (obj, msg) => lines.push({ level: 'warn', obj, msg }),
  };
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'aerie-key-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function load(env: Record<string, string> = {}, databaseUrl?: string) {
  const logger = recorder();
  const keys = loadSecretKeys({ env, dataDir: dir, databaseUrl, logger });
  return { keys, logger };
}

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
}

describe('secret key from AERIE_SECRET_KEY', () => {
  const key = randomBytes(32);

  it('accepts base64, base64url and hex, ignoring surrounding blanks, and writes no file', () => {
    for (const text of [
      key.toString('base64'),
      key.toString('base64url'),
      key.toString('hex'),
      key.toString('hex').toUpperCase(),
      `${key.toString('base64')}\n`,
    ]) {
      const { keys, logger } = load({ AERIE_SECRET_KEY: text });
      expect(keys.current.equals(key)).toBe(true);
      expect(keys.source).toBe('env');
      expect(logger.lines).toEqual([]);
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses anything else with a clear startup error that never echoes the value', () => {
    const values = [
      'correct horse battery staple',
      randomBytes(16).toString('base64'), // 16 bytes
      randomBytes(33).toString('hex'), // 66 hex characters
      `${key.toString('hex').slice(0, 63)}g`,
      `${key.toString('base64').slice(0, 40)}!!!=`,
    ];
    for (const value of values) {
      const err = thrown(() => load({ AERIE_SECRET_KEY: value }));
      expect(err).toBeInstanceOf(SecretKeyError);
      expect(err).toBeInstanceOf(ConfigError); // main exits 2 with the message alone
      expect(err.message).toContain('AERIE_SECRET_KEY');
      expect(err.message).toContain('base64');
      expect(err.message).not.toContain(value);
      expect(err.message).not.toContain(value.slice(0, 12));
      expect(String(err.stack)).not.toContain(value.slice(0, 12));
    }
  });

  it('reads previous keys for rotation, naming a bad one by position only', () => {
    const old = randomBytes(32);
    const { keys } = load({
      AERIE_SECRET_KEY: key.toString('base64'),
      AERIE_SECRET_KEY_PREVIOUS: `${old.toString('hex')}, ${randomBytes(32).toString('base64')}`,
    });
    expect(keys.previous).toHaveLength(2);
    expect(keys.previous[0]?.equals(old)).toBe(true);
    const err = thrown(() =>
      load({ AERIE_SECRET_KEY: key.toString('base64'), AERIE_SECRET_KEY_PREVIOUS: 'oops-secret' }),
    );
    expect(err.message).toContain('AERIE_SECRET_KEY_PREVIOUS (key 1)');
    expect(err.message).not.toContain('oops-secret');
  });
});

describe('secret key file in the data directory', () => {
  it('is generated on first start (32 random bytes, mode 0600), its path logged, never the key', () => {
    const { keys, logger } = load();
    const file = join(dir, SECRET_KEY_FILE);
    expect(keys).toMatchObject({ source: 'file', file });
    expect(keys.current).toHaveLength(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64').equals(keys.current)).toBe(
      true,
    );
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]).toMatchObject({ level: 'info', obj: { file } });
    const said = JSON.stringify(logger.lines);
    expect(said).not.toContain(keys.current.toString('base64'));
    expect(said).not.toContain(keys.current.toString('hex'));
    expect(readdirSync(dir)).toEqual([SECRET_KEY_FILE]); // no temporary file left behind
  });

  it('is reused on the next start, silently', () => {
    const first = load().keys.current;
    const { keys, logger } = load();
    expect(keys.current.equals(first)).toBe(true);
    expect(logger.lines).toEqual([]);
  });

  it('creates the data directory when it does not exist yet (a server database)', () => {
    dir = join(dir, 'not', 'yet');
    expect(load({}, 'postgres://db/aerie').keys.current).toHaveLength(32);
    expect(statSync(join(dir, SECRET_KEY_FILE)).isFile()).toBe(true);
  });

  it('warns that instances must share the key when a server database is used without the env key', () => {
    const { logger } = load({}, 'postgres://aerie:pw@db/aerie');
    const warning = logger.lines.find((l) => l.level === 'warn');
    expect(warning?.msg).toMatch(/every instance .* same key: set AERIE_SECRET_KEY/i);
    expect(JSON.stringify(logger.lines)).not.toContain('pw@');
    // With the env key there is nothing to warn about.
    expect(
      load({ AERIE_SECRET_KEY: randomBytes(32).toString('base64') }, 'postgres://db/a').logger
        .lines,
    ).toEqual([]);
  });

  it('refuses a file others can read, warns for group access (Kubernetes fsGroup)', () => {
    load();
    const file = join(dir, SECRET_KEY_FILE);
    chmodSync(file, 0o644);
    expect(thrown(() => load()).message).toMatch(/other users .*mode 644.*chmod 600/);
    chmodSync(file, 0o640);
    const { logger } = load();
    expect(logger.lines).toEqual([expect.objectContaining({ level: 'warn' })]);
  });

  it('refuses a damaged file rather than replacing it (that would orphan every sealed secret)', () => {
    const file = join(dir, SECRET_KEY_FILE);
    const damaged = randomBytes(31).toString('base64');
    writeFileSync(file, damaged, { mode: 0o600 });
    const err = thrown(() => load());
    expect(err.message).toContain(file);
    expect(err.message).toContain('restore it from a backup');
    expect(err.message).not.toContain(damaged);
    expect(readFileSync(file, 'utf8')).toBe(damaged);
  });

  it('lets only the first of two creators publish a key: the second keeps the first one', () => {
    const file = join(dir, SECRET_KEY_FILE);
    const a = randomBytes(32);
    expect(publishKeyFile(file, a)).toBe(true);
    expect(publishKeyFile(file, randomBytes(32))).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe(`${a.toString('base64')}\n`);
    expect(readdirSync(dir)).toEqual([SECRET_KEY_FILE]);
  });

  it('gives processes that start at the same moment one and the same key', async () => {
    // Real processes against one directory, with the built module (nx builds before testing).
    const built = join(here, '..', '..', '..', 'dist', 'modules', 'secrets', 'secret-key.js');
    const source = join(here, 'secret-key.ts');
    expect(
      statSync(built, { throwIfNoEntry: false })?.mtimeMs ?? 0,
      'dist is missing or older than secret-key.ts: run `npx tsc -p tsconfig.build.json`',
    ).toBeGreaterThanOrEqual(statSync(source).mtimeMs);
    // Each child imports, says `ready`, then waits for a start time sent to all at once.
    const race = async (target: string) => {
      const script = `
      import { loadSecretKeys } from ${JSON.stringify(built)};
      import { createHash } from 'node:crypto';
      import { existsSync } from 'node:fs';
      process.stdout.write('ready\\n');
      process.stdin.once('data', (chunk) => {
        const startAt = Number(String(chunk));
        while (Date.now() < startAt) {}
        const sawNoFile = !existsSync(${JSON.stringify(join(target, SECRET_KEY_FILE))});
        const said = [];
        const logger = { info: (o, m) => said.push(m), warn: (o, m) => said.push(m) };
        const keys = loadSecretKeys({ env: {}, dataDir: ${JSON.stringify(target)}, logger });
        process.stdout.write(JSON.stringify({
          id: createHash('sha256').update(keys.current).digest('hex'),
          generated: said.some((m) => m.startsWith('generated')),
          sawNoFile,
        }));
        process.exit(0);
      });`;
      const children = Array.from({ length: 6 }, () => {
        const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
          stdio: ['pipe', 'pipe', 'inherit'],
        });
        let out = '';
        const ready = new Promise<void>((resolve) =>
          child.stdout.on('data', (c: Buffer) => {
            out += c.toString();
            if (out.startsWith('ready\n')) resolve();
          }),
        );
        const done = once(child, 'exit').then(([code]) => {
          expect(code).toBe(0);
          return JSON.parse(out.slice('ready\n'.length)) as {
            id: string;
            generated: boolean;
            sawNoFile: boolean;
          };
        });
        return { child, ready, done };
      });
      await Promise.all(children.map((c) => c.ready));
      const startAt = String(Date.now() + 300);
      for (const { child } of children) child.stdin.end(startAt);
      return Promise.all(children.map((c) => c.done));
    };
    // On a loaded machine one process may find the key already made: every round must agree on
    // one key, and at least one round must be a real race (several found no key).
    let raced = false;
    for (let round = 0; round < 5 && !raced; round += 1) {
      const target = join(dir, `round-${round}`);
      mkdirSync(target);
      const results = await race(target);
      expect(new Set(results.map((r) => r.id)).size).toBe(1);
      expect(results.filter((r) => r.generated)).toHaveLength(1);
      expect(readdirSync(target)).toEqual([SECRET_KEY_FILE]);
      raced = results.filter((r) => r.sawNoFile).length > 1;
    }
    expect(raced, 'no round had several processes find no key: the race never happened').toBe(true);
  });
});
