import { createHash, randomBytes } from 'node:crypto';
import { TOKEN_PREFIX } from '@aerie/contracts';

/** `aerie_` + 43 base64url characters (256 random bits). */
export function newTokenSecret(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/** SHA-256 is enough for a 256-bit random secret (no dictionary to guess from); argon2 is for passwords. */
export function hashTokenSecret(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

/** What lists show: enough to recognise a token, useless to use it. */
export function tokenPrefix(secret: string): string {
  return secret.slice(0, TOKEN_PREFIX.length + 6);
}
