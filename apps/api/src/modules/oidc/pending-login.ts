import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { safeReturnTo } from './return-to.js';

/** The cookie that carries a sign-in between the login redirect and the callback. */
export const PENDING_COOKIE = 'aerie_oidc';
/** Only the two OIDC routes need it. */
export const PENDING_COOKIE_PATH = '/api/v1/auth/oidc';
/** Long enough to type a password and pass a second factor at the provider. */
export const PENDING_TTL_SECONDS = 600;

/** What the authorization request carries and the callback must find again. */
export interface PendingLogin {
  /** The cookie value: `v1.<seed>.<expires (epoch s)>.<return path, base64url>`. */
  cookie: string;
  state: string;
  nonce: string;
  /** PKCE code_verifier (43 characters, 256 bits). */
  verifier: string;
  returnTo: string;
}

export type PendingProblem = 'missing' | 'malformed' | 'expired' | 'mismatch';

/**
 * A new sign-in. Everything derives from a 256-bit random seed kept in the browser's cookie:
 * `state` is the SHA-256 of the whole cookie value, so the cookie (seed, return path, expiry)
 * cannot be altered without the state sent through the provider ceasing to match, and the
 * state cannot be altered without ceasing to match the cookie. No server-side key is needed,
 * so any replica can finish a sign-in another replica started. A server-signed cookie would
 * add nothing here: an attacker can always obtain a genuine one by starting a sign-in himself.
 */
export function startPendingLogin(returnTo: string, now = Date.now()): PendingLogin {
  const seed = randomBytes(32).toString('base64url');
  const expires = Math.floor(now / 1000) + PENDING_TTL_SECONDS;
  const cookie = `v1.${seed}.${expires}.${Buffer.from(returnTo, 'utf8').toString('base64url')}`;
  return derive(cookie, seed, returnTo);
}

/** The sign-in the callback belongs to, or why it belongs to none. */
export function resumePendingLogin(
  cookie: string | undefined,
  state: string | undefined,
  now = Date.now(),
): PendingLogin | PendingProblem {
  if (cookie === undefined || cookie === '') return 'missing';
  const parts = /^v1\.([A-Za-z0-9_-]{43})\.(\d{1,12})\.([A-Za-z0-9_-]*)$/.exec(cookie);
  if (!parts) return 'malformed';
  const [, seed = '', expires = '0', encodedReturnTo = ''] = parts;
  const returnTo = safeReturnTo(Buffer.from(encodedReturnTo, 'base64url').toString('utf8'));
  if (returnTo === undefined) return 'malformed';
  const pending = derive(cookie, seed, returnTo);
  if (state === undefined || !sameText(state, pending.state)) return 'mismatch';
  if (Number(expires) * 1000 <= now) return 'expired';
  return pending;
}

function derive(cookie: string, seed: string, returnTo: string): PendingLogin {
  return {
    cookie,
    state: digest('state', cookie),
    nonce: digest('nonce', seed),
    verifier: digest('pkce', seed),
    returnTo,
  };
}

/** Distinct labels keep state, nonce and verifier unrelated to each other. */
function digest(label: string, input: string): string {
  return createHash('sha256').update(`aerie-oidc-${label}\0${input}`).digest('base64url');
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}
