import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  hkdfSync,
  randomBytes,
} from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12; // 96 bits: GCM's native nonce size
const TAG_BYTES = 16;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

export type SecretBoxFailure = 'malformed' | 'unknown_key' | 'tampered';

/** Why a sealed value cannot be opened. The message never holds the value or the plaintext. */
export class SecretBoxError extends Error {
  constructor(
    readonly reason: SecretBoxFailure,
    message: string,
  ) {
    super(message);
    this.name = 'SecretBoxError';
  }
}

interface BoxKey {
  id: string;
  encryption: Buffer;
  fingerprint: Buffer;
}

/**
 * Encrypts secrets stored in the database: AES-256-GCM with a random 96-bit IV, the field's
 * `context` (e.g. `output:<id>:password`) as additional data so a ciphertext copied to another
 * row or field fails to open. Text format: `v1.<key id>.<iv>.<ciphertext>.<tag>` (base64url).
 */
export class SecretBox {
  private readonly current: BoxKey;
  private readonly keys = new Map<string, BoxKey>();

  /** `previous`: keys of before a rotation; they open old values, never seal new ones. */
  constructor(keys: { current: Buffer; previous?: readonly Buffer[] }) {
    for (const key of keys.previous ?? []) {
      const derived = deriveKey(key);
      this.keys.set(derived.id, derived);
    }
    this.current = deriveKey(keys.current);
    this.keys.set(this.current.id, this.current);
  }

  /** First 6 bytes of SHA-256 of the master key, hex: names the key without revealing it. */
  get keyId(): string {
    return this.current.id;
  }

  seal(plaintext: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.current.encryption, iv, {
      authTagLength: TAG_BYTES,
    });
    cipher.setAAD(additionalData(context));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, this.current.id, iv, ciphertext, cipher.getAuthTag()]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  open(sealed: string, context: string): string {
    const { key, iv, ciphertext, tag } = this.parse(sealed);
    const decipher = createDecipheriv('aes-256-gcm', key.encryption, iv, {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(additionalData(context));
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretBoxError(
        'tampered',
        `sealed secret for ${context} cannot be opened: it was altered, or sealed for another field`,
      );
    }
  }

  /** True when sealed with an older key: seal it again after a rotation. */
  isStale(sealed: string): boolean {
    return this.parse(sealed).key !== this.current;
  }

  /**
   * HMAC-SHA-256 under a key derived from the master key, hex: shows whether a secret changed
   * without being a plain hash that a stolen audit log could test guessed passwords against.
   */
  fingerprint(plaintext: string, context: string): string {
    return createHmac('sha256', this.current.fingerprint)
      .update(additionalData(context))
      .update('\0')
      .update(plaintext, 'utf8')
      .digest('hex')
      .slice(0, 24);
  }

  private parse(sealed: string): { key: BoxKey; iv: Buffer; ciphertext: Buffer; tag: Buffer } {
    const parts = sealed.split('.');
    const [version, keyId, iv, ciphertext, tag] = parts;
    if (parts.length !== 5 || version === undefined || keyId === undefined) {
      throw new SecretBoxError('malformed', 'not a sealed secret');
    }
    if (version !== VERSION) {
      throw new SecretBoxError(
        'malformed',
        `sealed secret has format ${version.slice(0, 8)}, this Aerie reads ${VERSION}`,
      );
    }
    const key = this.keys.get(keyId);
    if (!key) {
      throw new SecretBoxError(
        'unknown_key',
        `sealed with another key (key id ${keyId.slice(0, 12)}) than this server's (${this.current.id}${this.keys.size > 1 ? ' and its previous keys' : ''}): start Aerie with the AERIE_SECRET_KEY that sealed it, or give it as AERIE_SECRET_KEY_PREVIOUS`,
      );
    }
    const bytes = [iv, ciphertext, tag].map(decodeStrict);
    const [ivBytes, ciphertextBytes, tagBytes] = bytes;
    if (
      ivBytes === undefined ||
      ciphertextBytes === undefined ||
      tagBytes === undefined ||
      ivBytes.length !== IV_BYTES ||
      tagBytes.length !== TAG_BYTES
    ) {
      throw new SecretBoxError('malformed', 'sealed secret is damaged (bad iv, data or tag)');
    }
    return { key, iv: ivBytes, ciphertext: ciphertextBytes, tag: tagBytes };
  }
}

/** Separate keys for encryption and fingerprints, so neither use can weaken the other. */
function deriveKey(master: Buffer): BoxKey {
  if (master.length !== 32) throw new Error('a secret key is 32 bytes');
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', master, '', info, 32));
  return {
    id: createHash('sha256').update(master).digest().subarray(0, 6).toString('hex'),
    encryption: derive('aerie secret-box v1 aes-256-gcm'),
    fingerprint: derive('aerie secret-box v1 fingerprint'),
  };
}

/** The version is bound too, so a future format cannot be fed an old ciphertext unnoticed. */
function additionalData(context: string): Buffer {
  if (context === '') throw new Error('a secret needs a context (e.g. output:<id>:password)');
  return Buffer.from(`aerie:${VERSION}:${context}`, 'utf8');
}

/** Buffer.from(…, 'base64url') skips junk silently; a damaged value must be refused instead. */
function decodeStrict(text: string | undefined): Buffer | undefined {
  if (text === undefined || !BASE64URL.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : undefined;
}
