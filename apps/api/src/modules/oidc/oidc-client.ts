import * as oidc from 'openid-client';
import type { Logger } from 'pino';
import { ApiError } from '../../shared/api-error.js';
import type { OidcSettings } from './group-mapping.js';
import type { PendingLogin } from './pending-login.js';

/** Seconds any one request to the provider may take. */
const PROVIDER_TIMEOUT_S = 10;

/** What the callback learns from the provider once the code is exchanged and checked. */
export interface ProviderAnswer {
  subject: string;
  /** ID token claims, completed by userinfo when the username or groups claim is missing. */
  claims: Record<string, unknown>;
}

/**
 * The relying party: discovers the provider on first use (Aerie starts while the issuer is
 * down; a failed discovery is retried on the next sign-in), builds authorization URLs and
 * exchanges codes. openid-client checks issuer, audience, expiry, nonce, state, PKCE and
 * `iss`; non-repudiation checks are turned on so the ID token's signature is also verified
 * against the issuer's JWKS, which the token endpoint's TLS alone would not prove.
 */
export class OidcClient {
  private discovered: Promise<oidc.Configuration> | undefined;

  constructor(
    readonly settings: OidcSettings | undefined,
    private readonly logger: Logger,
  ) {
    if (settings && new URL(settings.issuer).protocol === 'http:' && !isLoopback(settings.issuer)) {
      logger.warn(
        { issuer: settings.issuer },
        'OIDC issuer is plain HTTP: anyone on the way can alter its keys and answers; use https',
      );
    }
  }

  /** The settings, or 404 when single sign-on is not configured. */
  require(): OidcSettings {
    if (!this.settings)
      throw new ApiError(404, 'oidc_not_configured', 'single sign-on is not configured');
    return this.settings;
  }

  async authorizationUrl(pending: PendingLogin): Promise<URL> {
    const settings = this.require();
    const config = await this.configuration(settings);
    return oidc.buildAuthorizationUrl(config, {
      redirect_uri: settings.redirectUri,
      response_type: 'code',
      scope: settings.scopes.join(' '),
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.verifier),
      code_challenge_method: 'S256',
    });
  }

  /**
   * Exchanges the code of a callback whose state already matched `pending`. Throws ApiError:
   * 503 when the provider cannot be reached, 400 when it refuses the code or its answer fails
   * a check. Nothing the provider sent back (tokens, claims) is put in the error.
   */
  async exchange(query: URLSearchParams, pending: PendingLogin): Promise<ProviderAnswer> {
    const settings = this.require();
    const config = await this.configuration(settings);
    // The registered redirect URI, not the request's own URL: behind a proxy they differ.
    const currentUrl = new URL(settings.redirectUri);
    currentUrl.search = query.toString();
    try {
      const tokens = await oidc.authorizationCodeGrant(config, currentUrl, {
        pkceCodeVerifier: pending.verifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      const idClaims = tokens.claims();
      if (!idClaims) throw new ApiError(400, 'oidc_invalid_token', 'the provider sent no ID token');
      let claims: Record<string, unknown> = { ...idClaims };
      const missing = [settings.usernameClaim, settings.groupsClaim].some((c) => !(c in claims));
      if (missing && config.serverMetadata().userinfo_endpoint) {
        const info = await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub);
        // The signed ID token wins where both say something.
        claims = { ...info, ...idClaims };
      }
      return { subject: idClaims.sub, claims };
    } catch (err) {
      throw this.explain(err);
    }
  }

  /** One discovery at a time; a failure is not cached, so the next sign-in tries again. */
  private configuration(settings: OidcSettings): Promise<oidc.Configuration> {
    this.discovered ??= this.discover(settings).catch((err: unknown) => {
      this.discovered = undefined;
      this.logger.error(
        { issuer: settings.issuer, err: summary(err) },
        'OIDC discovery failed: single sign-on is unavailable until the issuer answers',
      );
      throw unavailable();
    });
    return this.discovered;
  }

  private discover(settings: OidcSettings): Promise<oidc.Configuration> {
    const auth = settings.clientSecret
      ? oidc.ClientSecretBasic(settings.clientSecret)
      : oidc.None();
    const execute = [oidc.enableNonRepudiationChecks];
    if (new URL(settings.issuer).protocol === 'http:') execute.push(oidc.allowInsecureRequests);
    return oidc.discovery(
      new URL(settings.issuer),
      settings.clientId,
      { redirect_uris: [settings.redirectUri], response_types: ['code'] },
      auth,
      { execute, timeout: PROVIDER_TIMEOUT_S },
    );
  }

  /** An exchange failure as an answer for the browser; the details go to the log only. */
  private explain(err: unknown): ApiError {
    if (err instanceof ApiError) return err;
    this.logger.warn({ err: summary(err) }, 'OIDC sign-in failed at the code exchange');
    if (err instanceof oidc.ResponseBodyError) {
      return new ApiError(
        400,
        'oidc_code_refused',
        `the provider refused the sign-in code (${oauthCode(err.error)}): start again`,
      );
    }
    if (err instanceof oidc.WWWAuthenticateChallengeError) {
      // A 401 with a challenge: the provider did not accept Aerie's client credentials.
      return new ApiError(
        400,
        'oidc_code_refused',
        `the provider refused the sign-in code (${oauthCode(challengeError(err))}): check auth.oidc.clientId and clientSecret`,
      );
    }
    if (err instanceof oidc.AuthorizationResponseError) {
      return new ApiError(
        400,
        'oidc_provider_error',
        `the provider answered ${oauthCode(err.error)}: start again`,
      );
    }
    if (isNetworkError(err)) return unavailable();
    return new ApiError(
      400,
      'oidc_invalid_token',
      "the provider's answer failed validation (issuer, audience, signature, nonce or expiry); see the server log",
    );
  }
}

function unavailable(): ApiError {
  return new ApiError(
    503,
    'oidc_unavailable',
    'the single sign-on provider cannot be reached; try again shortly',
    undefined,
    { 'retry-after': '10' },
  );
}

/**
 * fetch failures are TypeErrors without a code (openid-client's own argument errors have one);
 * timeouts are TimeoutError or AbortError; a 5xx or an HTML error page is not a conforming answer.
 */
function isNetworkError(err: unknown): boolean {
  return (
    (err instanceof TypeError && (err as { code?: unknown }).code === undefined) ||
    (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) ||
    (err instanceof oidc.ClientError &&
      (err.code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' || err.code === 'OAUTH_RESPONSE_IS_NOT_JSON'))
  );
}

/** An OAuth error code is a short ASCII token; anything else is not repeated back. */
export function oauthCode(value: unknown): string {
  return typeof value === 'string' && /^[\x21-\x7e]{1,64}$/.test(value) && !/["\\]/.test(value)
    ? value
    : 'an error';
}

/**
 * What may be logged of an error: its kind, code and message (openid-client's messages are
 * fixed texts), and which claim a check was about. Never `cause` whole: it can hold the token
 * endpoint's answer or the ID token's claims.
 */
function summary(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: String(err) };
  const out: Record<string, unknown> = { name: err.name, message: err.message };
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') out['code'] = code;
  if (err instanceof oidc.ResponseBodyError || err instanceof oidc.AuthorizationResponseError) {
    out['error'] = oauthCode(err.error);
  }
  if (err instanceof oidc.WWWAuthenticateChallengeError) {
    out['error'] = oauthCode(challengeError(err));
    out['status'] = err.status;
  }
  const cause = (err as { cause?: unknown }).cause;
  if (typeof cause === 'object' && cause !== null) {
    const claim = (cause as { claim?: unknown }).claim;
    if (typeof claim === 'string') out['claim'] = claim;
    const causeCode = (cause as { code?: unknown }).code;
    if (typeof causeCode === 'string') out['cause'] = causeCode;
  }
  return out;
}

/** The `error` parameter of the first challenge that has one (`invalid_client`). */
function challengeError(err: oidc.WWWAuthenticateChallengeError): unknown {
  return err.cause.find((c) => c.parameters.error !== undefined)?.parameters.error;
}

function isLoopback(issuer: string): boolean {
  const host = new URL(issuer).hostname;
  return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
