import {
  createPrivateKey,
  generateKeyPairSync,
  randomBytes,
  sign,
  type JsonWebKey,
} from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Configuration } from 'oidc-provider';

/** A person the test provider knows; `id` is what is typed in its login form. */
export interface TestOidcAccount {
  id: string;
  username: string;
  groups: string[];
}

export interface TestOidcProviderOptions {
  /** Aerie's callback URL, registered for the test client. */
  redirectUri: string;
  accounts: TestOidcAccount[];
  /** A confidential client (client_secret_basic) when set, a public one (none) otherwise. */
  clientSecret?: string;
  /** Profile and groups in the ID token; otherwise (the provider's default) from userinfo only. */
  claimsInIdToken?: boolean;
  /** Start answering 503 to everything, as an issuer that is down. */
  down?: boolean;
}

/** A request the provider received, for assertions about what Aerie sent. */
export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  authorization: string | undefined;
  /** The form parameters, as the provider parsed them. */
  form: Record<string, unknown> | undefined;
}

/** Changes an ID token's claims on the way out. */
export type ClaimsForgery = (claims: Record<string, unknown>) => Record<string, unknown>;

export interface TestOidcProvider {
  issuer: string;
  clientId: string;
  seen: SeenRequest[];
  /** Toggles the outage. */
  setDown(down: boolean): void;
  /**
   * Alters the claims of the ID tokens the token endpoint sends and signs them again with
   * another key under the genuine key's `kid`, as a forger or someone on the way would;
   * undefined stops it.
   */
  forgeIdTokens(forgery: ClaimsForgery | undefined): void;
  close(): Promise<void>;
}

const CLIENT_ID = 'aerie-test';

/**
 * A real OpenID Connect provider (node-oidc-provider, the certified implementation) on a
 * 127.0.0.1 port the OS picks, with its development login and consent pages: any password is
 * accepted for a known account id. PKCE is required of every client.
 */
export async function startOidcProvider(
  options: TestOidcProviderOptions,
): Promise<TestOidcProvider> {
  const kid = randomBytes(8).toString('hex');
  const genuine = rsaJwk(kid);
  const foreign = rsaJwk(kid);
  const accounts = new Map(options.accounts.map((a) => [a.id, a]));
  const seen: SeenRequest[] = [];
  let down = options.down === true;
  let forgery: ClaimsForgery | undefined;
  /** Set once the provider exists: it needs the issuer URL, which needs the port. */
  const delegate: { to?: http.RequestListener } = {};

  // Listen first: the issuer URL holds the port.
  const server = http.createServer((req, res) => {
    if (down) res.writeHead(503, { 'content-type': 'text/plain' }).end('down for maintenance');
    else delegate.to?.(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const configuration: Configuration = {
    clients: [
      {
        client_id: CLIENT_ID,
        ...(options.clientSecret
          ? {
              client_secret: options.clientSecret,
              token_endpoint_auth_method: 'client_secret_basic',
            }
          : { token_endpoint_auth_method: 'none' }),
        redirect_uris: [options.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    pkce: { required: () => true },
    jwks: { keys: [genuine] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    claims: {
      openid: ['sub'],
      profile: ['preferred_username', 'name'],
      email: ['email'],
      groups: ['groups'],
    },
    conformIdTokenClaims: options.claimsInIdToken !== true,
    // Explicit lifetimes (the provider prints a notice for each default it falls back to).
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      Grant: 3600,
      IdToken: 600,
      Interaction: 600,
      Session: 3600,
    },
    features: { devInteractions: { enabled: true } },
    findAccount: (_ctx, id) => {
      const account = accounts.get(id);
      if (!account) return undefined;
      return {
        accountId: id,
        claims: () => ({
          sub: id,
          preferred_username: account.username,
          name: account.username,
          email: `${account.username}@example.test`,
          groups: account.groups,
        }),
      };
    },
  };
  const provider = new Provider(issuer, configuration);
  provider.use(async (ctx, next) => {
    const entry: SeenRequest = {
      method: ctx.method,
      path: ctx.path,
      query: new URLSearchParams(ctx.querystring),
      authorization: ctx.get('authorization') || undefined,
      form: undefined,
    };
    seen.push(entry);
    await next();
    entry.form = ctx.oidc?.body;
    const body: unknown = ctx.body;
    if (forgery && ctx.path === '/token' && isTokenResponse(body)) {
      body.id_token = forge(body.id_token, forgery, foreign);
    }
  });
  delegate.to = provider.callback();

  return {
    issuer,
    clientId: CLIENT_ID,
    seen,
    setDown: (value) => {
      down = value;
    },
    forgeIdTokens: (value) => {
      forgery = value;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

function rsaJwk(kid: string): JsonWebKey {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
}

function isTokenResponse(body: unknown): body is { id_token: string } {
  return (
    typeof body === 'object' &&
    body !== null &&
    'id_token' in body &&
    typeof body.id_token === 'string'
  );
}

/** The same header (so the same `kid`), altered claims, an RS256 signature by `key`. */
function forge(idToken: string, forgery: ClaimsForgery, key: JsonWebKey): string {
  const [header = '', payload = ''] = idToken.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
  const altered = Buffer.from(JSON.stringify(forgery(claims))).toString('base64url');
  const signature = sign(
    'sha256',
    Buffer.from(`${header}.${altered}`),
    createPrivateKey({ key, format: 'jwk' }),
  ).toString('base64url');
  return `${header}.${altered}.${signature}`;
}
