import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ConfigError } from '../config/config.loader.js';

export const SECRET_KEY_ENV = 'AERIE_SECRET_KEY';
export const PREVIOUS_KEYS_ENV = 'AERIE_SECRET_KEY_PREVIOUS';
export const SECRET_KEY_FILE = 'secret.key';
const KEY_BYTES = 32;
const HOW_TO_MAKE_ONE = 'generate one with `openssl rand -base64 32`';

/** A key that cannot be used; a configuration error, so `main` exits 2 with this message alone. */
export class SecretKeyError extends ConfigError {
  constructor(problem: string) {
    super([problem]);
    this.name = 'SecretKeyError';
  }
}

/** The only things the loader says: where a key is, never what it is. */
export interface KeyLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface SecretKeys {
  /** Seals every new value. */
  current: Buffer;
  /** Still opens values sealed before a rotation (AERIE_SECRET_KEY_PREVIOUS). */
  previous: Buffer[];
  source: 'env' | 'file';
  /** The key file, when the key lives in the data directory. */
  file?: string;
}

export interface KeyOptions {
  env: Readonly<Record<string, string | undefined>>;
  dataDir: string;
  databaseUrl?: string | undefined;
  logger: KeyLogger;
}

/**
 * The 32-byte master key: AERIE_SECRET_KEY when set, else `<dataDir>/secret.key`, created on the
 * first start. No message ever contains a key, a wrong value included.
 */
export function loadSecretKeys(options: KeyOptions): SecretKeys {
  const previous = parsePrevious(options.env[PREVIOUS_KEYS_ENV]);
  const fromEnv = options.env[SECRET_KEY_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== '') {
    return { current: parseKey(fromEnv, SECRET_KEY_ENV), previous, source: 'env' };
  }
  const file = join(resolve(options.dataDir), SECRET_KEY_FILE);
  if (options.databaseUrl) {
    // Instances with different data directories would each make their own key, and none could
    // open what another sealed.
    options.logger.warn(
      { file },
      `${SECRET_KEY_ENV} is not set: using the key file in the data directory. Every instance that shares this database must use the same key: set ${SECRET_KEY_ENV} on all of them`,
    );
  }
  return { current: readOrCreateKeyFile(file, options.logger), previous, source: 'file', file };
}

/** 64 hex characters, or base64 / base64url of exactly 32 bytes (surrounding blanks ignored). */
export function parseKey(text: string, origin: string): Buffer {
  const value = text.trim();
  let key: Buffer | undefined;
  if (/^[0-9a-fA-F]{64}$/.test(value)) key = Buffer.from(value, 'hex');
  else if (/^[A-Za-z0-9+/_-]{43}=?$/.test(value)) key = Buffer.from(value, 'base64');
  if (key?.length !== KEY_BYTES) {
    throw new SecretKeyError(
      `${origin}: must be ${KEY_BYTES} random bytes written as base64 (44 characters) or hex (64 characters); the value is neither (it is not shown): ${HOW_TO_MAKE_ONE}`,
    );
  }
  return key;
}

function parsePrevious(raw: string | undefined): Buffer[] {
  if (raw === undefined || raw.trim() === '') return [];
  return raw.split(',').map((item, i) => parseKey(item, `${PREVIOUS_KEYS_ENV} (key ${i + 1})`));
}

function readOrCreateKeyFile(file: string, logger: KeyLogger): Buffer {
  const existing = readKeyFile(file, logger);
  if (existing) return existing;
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const key = randomBytes(KEY_BYTES);
  if (publishKeyFile(file, key)) {
    logger.info(
      { file },
      'generated a new secret key: back it up with the data, secrets stored in the database cannot be read without it',
    );
    return key;
  }
  // Another process created it between our read and our create: everyone uses the winner's key.
  const theirs = readKeyFile(file, logger);
  if (!theirs) throw new SecretKeyError(`${file}: vanished while being created; start again`);
  return theirs;
}

/**
 * Writes the key to a private temporary file, then hard-links it into place: link() fails if the
 * file exists, so of two processes starting at once exactly one key wins, and nobody can read a
 * half-written key. Returns false when another process won. Exported for its race test.
 */
export function publishKeyFile(file: string, key: Buffer): boolean {
  const text = `${key.toString('base64')}\n`;
  const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  writeDurably(temporary, text);
  try {
    linkSync(temporary, file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EOPNOTSUPP')
      throw keyFileError(file, err);
    // A filesystem without hard links (SMB, some FUSE): exclusive create is the next best thing;
    // readers wait out the short moment the file is empty.
    try {
      writeDurably(file, text);
    } catch (inner) {
      if ((inner as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw keyFileError(file, inner);
    }
  } finally {
    unlinkSync(temporary);
  }
  syncDirectory(dirname(file));
  return true;
}

/** Exclusive create (`wx`), owner-only, flushed to disk before anyone relies on the key. */
function writeDurably(path: string, text: string): void {
  const fd = openSync(path, 'wx', 0o600);
  try {
    writeFileSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** So the new name survives a crash: a lost key file would orphan everything sealed with it. */
function syncDirectory(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Not every platform can fsync a directory (Windows); the file itself is synced.
  }
}

function readKeyFile(file: string, logger: KeyLogger): Buffer | undefined {
  let stats;
  try {
    stats = statSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw keyFileError(file, err);
  }
  if (!stats.isFile()) throw new SecretKeyError(`${file}: is not a regular file`);
  checkPermissions(file, stats.mode, logger);
  let text = readFileSync(file, 'utf8');
  // Only after the no-hard-link fallback can a file be seen before its key is written.
  for (let wait = 0; text === '' && wait < 20; wait++) {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
    text = readFileSync(file, 'utf8');
  }
  return parseKey(
    text,
    `${file} (restore it from a backup; replacing it makes every stored secret unreadable)`,
  );
}

/**
 * World access is refused, as ssh refuses such keys: anyone on the machine could read it. Group
 * access only warns: Kubernetes adds group bits to every file of a volume with `fsGroup`, on
 * each mount, so refusing it would stop pods from restarting.
 */
function checkPermissions(file: string, mode: number, logger: KeyLogger): void {
  if (process.platform === 'win32') return; // no POSIX modes
  const bits = (mode & 0o777).toString(8).padStart(3, '0');
  if ((mode & 0o007) !== 0) {
    throw new SecretKeyError(
      `${file}: other users of this machine can access it (mode ${bits}): run \`chmod 600 ${file}\` (in Kubernetes: defaultMode 0400 on the volume, or set ${SECRET_KEY_ENV} from a Secret)`,
    );
  }
  if ((mode & 0o070) !== 0) {
    logger.warn({ file, mode: bits }, 'the secret key file is readable by its group: chmod 600');
  }
}

function keyFileError(file: string, err: unknown): SecretKeyError {
  const code = (err as NodeJS.ErrnoException).code ?? (err as Error).name;
  return new SecretKeyError(
    `${file}: cannot be read or created (${code}); fix the data directory or set ${SECRET_KEY_ENV}`,
  );
}
