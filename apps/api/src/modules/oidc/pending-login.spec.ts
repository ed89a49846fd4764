import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { resumePendingLogin, startPendingLogin, type PendingLogin } from './pending-login.js';
import { safeReturnTo } from './return-to.js';

describe('safeReturnTo', () => {
  it('keeps paths on this site, normalized', () => {
    expect(safeReturnTo('/')).toBe('/');
    expect(safeReturnTo('/events?since=1h&q=a b#top')).toBe('/events?since=1h&q=a%20b#top');
    expect(safeReturnTo('/a/../b')).toBe('/b');
  });

  it.each([
    ['empty', ''],
    ['relative', 'events'],
    ['protocol-relative', '//evil.example/x'],
    ['backslash', '/\\evil.example'],
    ['dot segments to //', '/..//evil.example'],
    ['absolute', 'https://evil.example/'],
    ['scheme', 'javascript:alert(1)'],
    ['control character', '/a\nb'],
    ['tab', '/\t/evil.example'],
    ['too long', `/${'a'.repeat(2048)}`],
  ])('refuses %s', (_name, raw) => {
    expect(safeReturnTo(raw)).toBeUndefined();
  });
});

describe('pending sign-in', () => {
  const now = Date.UTC(2030, 0, 1);

  it('gives fresh, unrelated state, nonce and PKCE verifier each time', () => {
    const a = startPendingLogin('/', now);
    const b = startPendingLogin('/', now);
    for (const key of ['cookie', 'state', 'nonce', 'verifier'] as const)
      expect(a[key]).not.toBe(b[key]);
    expect(new Set([a.state, a.nonce, a.verifier]).size).toBe(3);
    // RFC 7636: 43–128 unreserved characters.
    expect(a.verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The state is a digest: it does not show the seed the verifier comes from.
    const seed = a.cookie.split('.')[1] ?? '';
    expect(a.state).not.toContain(seed);
  });

  it('resumes with the matching state and the same values', () => {
    const started = startPendingLogin('/events?since=1h', now);
    const resumed = resumePendingLogin(started.cookie, started.state, now + 1000) as PendingLogin;
    expect(resumed).toEqual(started);
  });

  it('refuses a missing cookie, another state, a damaged cookie and an old one', () => {
    const started = startPendingLogin('/', now);
    expect(resumePendingLogin(undefined, started.state, now)).toBe('missing');
    expect(resumePendingLogin(started.cookie, undefined, now)).toBe('mismatch');
    expect(resumePendingLogin(started.cookie, startPendingLogin('/', now).state, now)).toBe(
      'mismatch',
    );
    expect(resumePendingLogin('v1.abc', started.state, now)).toBe('malformed');
    expect(resumePendingLogin(started.cookie, started.state, now + 600_000)).toBe('expired');
  });

  it('refuses a cookie whose return path or expiry was changed, even with a recomputed-looking state', () => {
    const started = startPendingLogin('/', now);
    const [v, seed, expires, path] = started.cookie.split('.');
    const otherPath = [v, seed, expires, Buffer.from('/admin').toString('base64url')].join('.');
    expect(resumePendingLogin(otherPath, started.state, now)).toBe('mismatch');
    const later = [v, seed, String(Number(expires) + 3600), path].join('.');
    expect(resumePendingLogin(later, started.state, now)).toBe('mismatch');
  });

  it('refuses a forged return path that leaves the site, whatever the state', () => {
    const cookie = `v1.${'a'.repeat(43)}.${now / 1000 + 600}.${Buffer.from('//evil.example').toString('base64url')}`;
    const state = createHash('sha256').update(`aerie-oidc-state\0${cookie}`).digest('base64url');
    expect(resumePendingLogin(cookie, state, now)).toBe('malformed');
  });
});
