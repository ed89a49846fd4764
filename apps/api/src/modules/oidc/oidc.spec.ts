import { createServer, type AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Me } from '@aerie/contracts';
import { ApiError } from '../../shared/api-error.js';
import type { AerieConfig } from '../config/config.schema.js';
import { OidcClient } from './oidc-client.js';
import { startPendingLogin } from './pending-login.js';
import {
  startOidcProvider,
  type TestOidcAccount,
  type TestOidcProvider,
} from '../../test-support/oidc-provider.js';
import { startTestApp, type TestApp } from '../../test-support/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-database.js';

/**
 * The whole browser flow against a real OpenID Connect provider: plain fetch, redirects followed
 * by hand, cookies carried, the provider's login and consent forms submitted.
 *
 * Aerie's public URL is `http://aerie.test` (its redirect URI must be configured before it picks
 * a port); the test browser resolves that host to the app's real address, as DNS or a reverse
 * proxy would.
 */
const AERIE = 'http://aerie.test';
const REDIRECT_URI = `${AERIE}/api/v1/auth/oidc/callback`;
const CLIENT_SECRET = `s3cret-${'x'.repeat(8)}-never-shown-${Date.now()}`;

const ACCOUNTS: TestOidcAccount[] = [
  { id: 'u-alice', username: 'alice', groups: ['aerie-admins', 'payments-devs'] },
  { id: 'u-bob', username: 'bob', groups: ['aerie-viewers', 'aerie-analysts', 'platform'] },
  { id: 'u-carol', username: 'carol', groups: ['marketing'] },
  { id: 'u-dave', username: 'dave', groups: ['aerie-viewers'] },
];

const MAPPING = {
  roles: { admin: ['aerie-admins'], analyst: ['aerie-analysts'], viewer: ['aerie-viewers'] },
  // `ghost` is no Aerie team: ignored.
  teams: { 'payments-devs': ['payments', 'ghost'], platform: ['platform'] },
};

describe('OIDC sign-in, confidential client, claims from userinfo', () => {
  const env = useOidcEnvironment({ clientSecret: CLIENT_SECRET }, ['payments', 'platform']);

  it('sends the browser to the provider with PKCE S256, state and nonce, in a Lax HttpOnly cookie', async () => {
    const browser = env.browser();
    const res = await browser.get(`${AERIE}/api/v1/auth/oidc/login?return_to=/events`);
    expect(res.status).toBe(302);
    const target = new URL(res.location ?? '');
    expect(target.origin).toBe(env.provider().issuer);
    const q = target.searchParams;
    expect(q.get('response_type')).toBe('code');
    expect(q.get('client_id')).toBe(env.provider().clientId);
    expect(q.get('redirect_uri')).toBe(REDIRECT_URI);
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get('nonce')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get('scope')?.split(' ')).toEqual(['openid', 'profile', 'email', 'groups']);
    // Nothing the provider learns lets anyone rebuild the verifier.
    expect(target.href).not.toContain(browser.cookie('aerie.test', 'aerie_oidc'));
    const cookie = res.setCookies.find((c) => c.startsWith('aerie_oidc='));
    expect(cookie).toMatch(/; Max-Age=600/);
    expect(cookie).toMatch(/; Path=\/api\/v1\/auth\/oidc/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expectNoSecret(browser);
  });

  it('signs an admin-group user in as admin with the mapped teams, back to return_to', async () => {
    const browser = env.browser();
    const { callback } = await signIn(browser, 'u-alice', { returnTo: '/events?since=1h#top' });
    expect(callback.status).toBe(302);
    expect(callback.location).toBe('/events?since=1h#top');
    expect(callback.setCookies.some((c) => c.startsWith('aerie_session='))).toBe(true);
    // The pending sign-in is over: its cookie is cleared.
    expect(browser.cookie('aerie.test', 'aerie_oidc')).toBeUndefined();
    const me = await browser.get(`${AERIE}/api/v1/auth/me`);
    expect(me.status).toBe(200);
    const body = me.json as Me;
    expect(body).toMatchObject({ kind: 'user', username: 'alice', role: 'admin' });
    expect([...body.teams].sort()).toEqual(['payments']);

    // The code went with HTTP Basic client authentication and the PKCE verifier.
    const token = env
      .provider()
      .seen.filter((r) => r.method === 'POST' && r.path === '/token')
      .at(-1);
    expect(token?.authorization).toMatch(/^Basic /);
    expect(token?.form?.['code_verifier']).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(token?.form).not.toHaveProperty('client_secret');
    // The provider kept the claims for userinfo: Aerie asked for them there.
    expect(env.provider().seen.some((r) => r.path === '/me')).toBe(true);
    expectNoSecret(browser);
  });

  it('gives an analyst-group user the analyst role (the highest of their groups)', async () => {
    const browser = env.browser();
    const { callback } = await signIn(browser, 'u-bob');
    expect(callback.status).toBe(302);
    expect(callback.location).toBe('/');
    const me = (await browser.get(`${AERIE}/api/v1/auth/me`)).json as Me;
    expect(me).toMatchObject({ username: 'bob', role: 'analyst', teams: ['platform'] });
    expectNoSecret(browser);
  });

  it('refuses a user in no mapped group with 403 and no session, and audits it', async () => {
    const browser = env.browser();
    const { callback } = await signIn(browser, 'u-carol');
    expect(callback.status).toBe(403);
    expect(callback.json).toEqual({
      error: 'oidc_no_role',
      message: expect.stringContaining('carol') as unknown,
    });
    expect(callback.setCookies.some((c) => c.startsWith('aerie_session='))).toBe(false);
    expect((await browser.get(`${AERIE}/api/v1/auth/me`)).status).toBe(401);
    const entry = (await auditEntries(env.app())).find(
      (e) => e.action === 'auth.oidc_failed' && e.actor === 'user:carol',
    );
    expect(entry?.after).toMatchObject({ reason: 'oidc_no_role', groups: ['marketing'] });
    expectNoSecret(browser);
  });

  it('refuses a tampered state, a callback without the sign-in cookie and a replayed callback', async () => {
    const tampered = env.browser();
    const { callback } = await signIn(tampered, 'u-alice', {
      tamper: (url) => {
        url.searchParams.set('state', `${url.searchParams.get('state') ?? ''}x`);
      },
    });
    expect(callback.status).toBe(400);
    expect(callback.json).toMatchObject({ error: 'oidc_state_mismatch' });
    expect(callback.setCookies.some((c) => c.startsWith('aerie_session='))).toBe(false);
    expect((await tampered.get(`${AERIE}/api/v1/auth/me`)).status).toBe(401);

    // A genuine answer opened in another browser (no cookie): refused.
    const victim = env.browser();
    const answer = await reachCallback(env.browser(), 'u-alice');
    const elsewhere = await victim.get(answer);
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.json).toMatchObject({ error: 'oidc_state_mismatch' });

    // The same answer twice in the browser that started it: the first signs in, the second not.
    const browser = env.browser();
    const first = await signIn(browser, 'u-dave');
    expect(first.callback.status).toBe(302);
    const again = await browser.get(first.callbackUrl);
    expect(again.status).toBe(400);
    expectNoSecret(tampered, victim, browser);
  });

  it('refuses a sign-in cookie whose return path was changed', async () => {
    const browser = env.browser();
    const { callback } = await signIn(browser, 'u-alice', {
      returnTo: '/events',
      beforeCallback: () => {
        const value = browser.cookie('aerie.test', 'aerie_oidc') ?? '';
        const parts = value.split('.');
        parts[3] = Buffer.from('/admin').toString('base64url');
        browser.setCookie('aerie.test', 'aerie_oidc', parts.join('.'));
      },
    });
    expect(callback.status).toBe(400);
    expect(callback.json).toMatchObject({ error: 'oidc_state_mismatch' });
  });

  it('answers 403 when consent is refused at the provider', async () => {
    const browser = env.browser();
    const { callback } = await signIn(browser, 'u-dave', { consent: 'deny' });
    expect(callback.status).toBe(403);
    expect(callback.json).toMatchObject({ error: 'oidc_access_denied' });
    expect(callback.setCookies.some((c) => c.startsWith('aerie_session='))).toBe(false);
  });

  it('refuses return_to values that leave the site', async () => {
    const browser = env.browser();
    for (const bad of [
      '//evil.example/',
      'https://evil.example/',
      '/\\evil.example',
      '/..//evil.example',
      'javascript:alert(1)',
      'events',
    ]) {
      const res = await browser.get(
        `${AERIE}/api/v1/auth/oidc/login?return_to=${encodeURIComponent(bad)}`,
      );
      expect(res.status, bad).toBe(400);
      expect(res.json, bad).toMatchObject({ error: 'invalid_return_to' });
    }
  });

  it('never puts the client secret in an answer or a log line, even when the provider refuses it', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'trace' }, { write: (line: string) => void lines.push(line) });
    const settings = env.app().config.auth.oidc;
    if (!settings) throw new Error('no oidc settings');
    const wrong = `${CLIENT_SECRET}-but-wrong`;
    const client = new OidcClient({ ...settings, clientSecret: wrong }, logger);
    const pending = startPendingLogin('/');
    const start = await client.authorizationUrl(pending);
    const callbackUrl = await walkProvider(env.browser(), start.href, 'u-alice');
    const refused = await client.exchange(new URL(callbackUrl).searchParams, pending).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).status).toBe(400);
    expect((refused as ApiError).body).toMatchObject({ error: 'oidc_code_refused' });
    expect((refused as ApiError).message).toContain('invalid_client');

    const deadIssuer = await closedPortUrl();
    const down = new OidcClient({ ...settings, issuer: deadIssuer, clientSecret: wrong }, logger);
    const unavailable = await down.authorizationUrl(startPendingLogin('/')).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect((unavailable as ApiError).status).toBe(503);

    const log = lines.join('');
    expect(log).toContain('invalid_client');
    expect(log).toContain('OIDC discovery failed');
    for (const secret of [wrong, CLIENT_SECRET]) {
      expect(log).not.toContain(secret);
      for (const err of [refused, unavailable]) {
        expect(JSON.stringify((err as ApiError).body)).not.toContain(secret);
        expect((err as ApiError).stack).not.toContain(secret);
      }
    }
  });

  it('refuses a callback when no sign-in is in progress', async () => {
    const res = await env.browser().get(`${AERIE}/api/v1/auth/oidc/callback?code=x&state=y`);
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error: 'oidc_state_mismatch' });
  });
});

describe('OIDC sign-in, public client, claims in the ID token, issuer down at start', () => {
  const env = useOidcEnvironment({ claimsInIdToken: true, down: true }, ['platform']);

  it('starts while the issuer is down, answers 503 JSON, and discovers once it is back', async () => {
    const browser = env.browser();
    expect((await browser.get(`${AERIE}/healthz`)).status).toBe(200);
    const res = await browser.get(`${AERIE}/api/v1/auth/oidc/login`);
    expect(res.status).toBe(503);
    expect(res.json).toMatchObject({ error: 'oidc_unavailable' });
    expect(res.headers.get('retry-after')).toBe('10');
    env.provider().setDown(false);
    const again = await browser.get(`${AERIE}/api/v1/auth/oidc/login`);
    expect(again.status).toBe(302);
  });

  it('signs in without a client secret, with the claims of the ID token alone', async () => {
    env.provider().setDown(false);
    const browser = env.browser();
    const { callback } = await signIn(browser, 'u-bob');
    expect(callback.status).toBe(302);
    const me = (await browser.get(`${AERIE}/api/v1/auth/me`)).json as Me;
    expect(me).toMatchObject({ username: 'bob', role: 'analyst', teams: ['platform'] });
    const token = env.provider().seen.find((r) => r.method === 'POST' && r.path === '/token');
    expect(token?.authorization).toBeUndefined();
    expect(token?.form?.['client_id']).toBe(env.provider().clientId);
    expect(token?.form?.['code_verifier']).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(env.provider().seen.some((r) => r.path === '/me')).toBe(false);
  });

  it('refuses an ID token whose claims were changed and signed again by another key', async () => {
    env.provider().setDown(false);
    // carol is in no role group; the forger makes her an admin under the genuine key id.
    env.provider().forgeIdTokens((claims) => ({ ...claims, groups: ['aerie-admins'] }));
    try {
      const browser = env.browser();
      const { callback } = await signIn(browser, 'u-carol');
      expect(callback.status).toBe(400);
      expect(callback.json).toMatchObject({ error: 'oidc_invalid_token' });
      expect(callback.setCookies.some((c) => c.startsWith('aerie_session='))).toBe(false);
      expect((await browser.get(`${AERIE}/api/v1/auth/me`)).status).toBe(401);
    } finally {
      env.provider().forgeIdTokens(undefined);
    }
  });
});

// ---------------------------------------------------------------------------------------------

interface Environment {
  app: () => TestApp;
  provider: () => TestOidcProvider;
  browser: () => Browser;
}

/** A provider, then Aerie configured for it, with `teams` created; torn down after the block. */
function useOidcEnvironment(
  providerOptions: { clientSecret?: string; claimsInIdToken?: boolean; down?: boolean },
  teams: string[],
): Environment {
  let provider: TestOidcProvider | undefined;
  let db: TestDatabase | undefined;
  let app: TestApp | undefined;
  beforeAll(async () => {
    provider = await startOidcProvider({
      redirectUri: REDIRECT_URI,
      accounts: ACCOUNTS,
      ...providerOptions,
    });
    db = await createTestDatabase();
    const oidc: NonNullable<AerieConfig['auth']['oidc']> = {
      name: 'Test SSO',
      issuer: provider.issuer,
      clientId: provider.clientId,
      ...(providerOptions.clientSecret ? { clientSecret: providerOptions.clientSecret } : {}),
      redirectUri: REDIRECT_URI,
      scopes: ['openid', 'profile', 'email', 'groups'],
      usernameClaim: 'preferred_username',
      groupsClaim: 'groups',
      ...MAPPING,
    };
    app = await startTestApp(db, {}, { auth: { oidc } });
    for (const name of teams) {
      const res = await fetch(`${app.url}/api/v1/teams`, {
        method: 'POST',
        headers: { authorization: `Bearer ${app.adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name, namespaces: [`prod/${name}`] }),
      });
      if (res.status !== 201) throw new Error(`team ${name}: ${res.status} ${await res.text()}`);
    }
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
    await provider?.close();
  });
  const need = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error('used outside a test');
    return v;
  };
  return {
    app: () => need(app),
    provider: () => need(provider),
    browser: () => new Browser({ 'aerie.test': need(app).url }),
  };
}

interface Page {
  url: string;
  status: number;
  location: string | undefined;
  headers: Headers;
  setCookies: string[];
  text: string;
  json: unknown;
}

/** Just enough of a browser: per-host cookies (name, path, expiry), manual redirects, forms. */
class Browser {
  private readonly jar = new Map<string, Map<string, { value: string; path: string }>>();
  readonly pages: Page[] = [];

  /** `hosts` maps a public host name to the real origin serving it. */
  constructor(private readonly hosts: Record<string, string>) {}

  get(url: string): Promise<Page> {
    return this.request(url, { method: 'GET' });
  }

  post(url: string, form: Record<string, string>): Promise<Page> {
    return this.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
  }

  cookie(host: string, name: string): string | undefined {
    return this.jar.get(host)?.get(name)?.value;
  }

  setCookie(host: string, name: string, value: string): void {
    const current = this.jar.get(host)?.get(name);
    this.jar.get(host)?.set(name, { value, path: current?.path ?? '/' });
  }

  private async request(url: string, init: RequestInit): Promise<Page> {
    const target = new URL(url);
    const real = this.hosts[target.host];
    const actual = real ? new URL(`${target.pathname}${target.search}`, real) : target;
    const cookies = [...(this.jar.get(target.host) ?? new Map())]
      .filter(([, c]) => target.pathname.startsWith(c.path))
      .map(([name, c]) => `${name}=${c.value}`)
      .join('; ');
    const res = await fetch(actual, {
      ...init,
      redirect: 'manual',
      headers: {
        ...(init.headers as Record<string, string>),
        ...(cookies ? { cookie: cookies } : {}),
      },
    });
    const setCookies = res.headers.getSetCookie();
    for (const c of setCookies) this.store(target.host, c);
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const location = res.headers.get('location') ?? undefined;
    const page = {
      url,
      status: res.status,
      location,
      headers: res.headers,
      setCookies,
      text,
      json,
    };
    this.pages.push(page);
    return page;
  }

  private store(host: string, header: string): void {
    const [pair = '', ...attributes] = header.split(';').map((s) => s.trim());
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    const attr = (n: string) =>
      attributes.find((a) => a.toLowerCase().startsWith(`${n}=`))?.slice(n.length + 1);
    const maxAge = attr('max-age');
    const expires = attr('expires');
    const gone =
      (maxAge !== undefined && Number(maxAge) <= 0) ||
      (expires !== undefined && Date.parse(expires) <= Date.now());
    const cookies = this.jar.get(host) ?? new Map<string, { value: string; path: string }>();
    this.jar.set(host, cookies);
    if (gone) cookies.delete(name);
    else cookies.set(name, { value, path: attr('path') ?? '/' });
  }
}

interface SignInOptions {
  returnTo?: string;
  consent?: 'accept' | 'deny';
  /** Alters the provider's answer before the browser follows it. */
  tamper?: (callbackUrl: URL) => void;
  beforeCallback?: () => void;
}

/** The whole flow, callback included. */
async function signIn(
  browser: Browser,
  accountId: string,
  options: SignInOptions = {},
): Promise<{ callback: Page; callbackUrl: string }> {
  const callbackUrl = await reachCallback(browser, accountId, options);
  options.beforeCallback?.();
  return { callback: await browser.get(callbackUrl), callbackUrl };
}

/** Aerie's login, then the provider's pages, up to the URL of Aerie's callback (not followed). */
async function reachCallback(
  browser: Browser,
  accountId: string,
  options: SignInOptions = {},
): Promise<string> {
  const query = options.returnTo ? `?return_to=${encodeURIComponent(options.returnTo)}` : '';
  const login = await browser.get(`${AERIE}/api/v1/auth/oidc/login${query}`);
  if (login.status !== 302 || !login.location)
    throw new Error(`login: ${login.status} ${login.text}`);
  return walkProvider(browser, login.location, accountId, options);
}

/** From an authorization URL: the provider's login form, its consent form, back to Aerie. */
async function walkProvider(
  browser: Browser,
  authorizationUrl: string,
  accountId: string,
  options: SignInOptions = {},
): Promise<string> {
  let url = authorizationUrl;
  for (let step = 0; step < 20; step++) {
    if (url.startsWith(REDIRECT_URI)) {
      const callbackUrl = new URL(url);
      options.tamper?.(callbackUrl);
      return callbackUrl.href;
    }
    const page = await browser.get(url);
    if (page.location) {
      url = new URL(page.location, url).href;
      continue;
    }
    if (page.status !== 200) throw new Error(`provider: ${page.status} ${page.text}`);
    const action = /<form[^>]*action="([^"]+)"/.exec(page.text)?.[1];
    const prompt = /name="prompt" value="(\w+)"/.exec(page.text)?.[1];
    if (!action || !prompt) throw new Error(`no form at ${url}: ${page.text.slice(0, 500)}`);
    const submit = new URL(action.replaceAll('&amp;', '&'), url).href;
    let next: Page;
    if (prompt === 'login') {
      next = await browser.post(submit, { prompt, login: accountId, password: 'any password' });
    } else if (options.consent === 'deny') {
      const abort = /href="([^"]*\/abort)"/.exec(page.text)?.[1];
      if (!abort) throw new Error('no abort link on the consent page');
      next = await browser.get(new URL(abort, url).href);
    } else {
      next = await browser.post(submit, { prompt });
    }
    if (!next.location) throw new Error(`form: ${next.status} ${next.text}`);
    url = new URL(next.location, submit).href;
  }
  throw new Error('too many steps');
}

function expectNoSecret(...browsers: Browser[]): void {
  for (const browser of browsers) {
    for (const page of browser.pages) {
      expect(page.text, page.url).not.toContain(CLIENT_SECRET);
      expect(page.location ?? '', page.url).not.toContain(CLIENT_SECRET);
      for (const c of page.setCookies) expect(c).not.toContain(CLIENT_SECRET);
    }
  }
}

async function auditEntries(
  app: TestApp,
): Promise<Array<{ action: string; actor: string; after: unknown }>> {
  const res = await fetch(`${app.url}/api/v1/audit?limit=100`, {
    headers: { authorization: `Bearer ${app.adminToken}` },
  });
  const body = (await res.json()) as {
    items: Array<{ action: string; actor: string; after: unknown }>;
  };
  return body.items;
}

/** An address where nothing listens (a port just released). */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
