import { Controller, Get, Req, Res } from '@nestjs/common';
import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../../shared/api-error.js';
import { Sessions } from '../auth/sessions.js';
import { UsersRepository } from '../users/users.repository.js';
import {
  mapGroups,
  readIdentity,
  type IdentityProblem,
  type OidcSettings,
} from './group-mapping.js';
import { OidcClient, oauthCode } from './oidc-client.js';
import { OidcFailures, type OidcFailure } from './oidc-failures.js';
import {
  PENDING_COOKIE,
  PENDING_COOKIE_PATH,
  PENDING_TTL_SECONDS,
  resumePendingLogin,
  startPendingLogin,
  type PendingProblem,
} from './pending-login.js';
import { safeReturnTo } from './return-to.js';

/**
 * Single sign-on: authorization code flow with PKCE. `login` sends the browser to the
 * provider; `callback` checks what comes back, maps the person's groups to a role and teams,
 * and starts an ordinary Aerie session.
 */
@Controller('/api/v1/auth/oidc')
export class OidcController {
  constructor(
    private readonly oidc: OidcClient,
    private readonly users: UsersRepository,
    private readonly sessions: Sessions,
    private readonly failures: OidcFailures,
  ) {}

  /** `?return_to=/path` (same site only) is where the browser lands once signed in. */
  @Get('/login')
  async login(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const settings = this.oidc.require();
    void reply.header('cache-control', 'no-store');
    const raw = single(queryOf(req), 'return_to');
    const returnTo = raw === undefined ? '/' : raw === null ? undefined : safeReturnTo(raw);
    if (returnTo === undefined) {
      throw ApiError.invalid('invalid_return_to', [
        { field: 'return_to', message: 'must be one path on this site, e.g. /events?since=1h' },
      ]);
    }
    const pending = startPendingLogin(returnTo);
    const target = await this.oidc.authorizationUrl(pending);
    // Lax, not Strict: the provider brings the browser back with a cross-site navigation.
    void reply.setCookie(PENDING_COOKIE, pending.cookie, {
      ...cookieOptions(settings),
      maxAge: PENDING_TTL_SECONDS,
    });
    await reply.redirect(target.href, 302);
  }

  @Get('/callback')
  async callback(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const settings = this.oidc.require();
    void reply.header('cache-control', 'no-store');
    // Whatever happens next, this sign-in attempt is over: its cookie cannot be replayed.
    void reply.clearCookie(PENDING_COOKIE, cookieOptions(settings));
    const seen: Omit<OidcFailure, 'reason'> = {};
    try {
      const returnTo = await this.signIn(settings, req, reply, seen);
      await reply.redirect(returnTo, 302);
    } catch (err) {
      if (err instanceof ApiError) await this.failures.record(req, { reason: err.code, ...seen });
      throw err;
    }
  }

  /** The path to send the browser to; `seen` collects who was identified, for the audit. */
  private async signIn(
    settings: OidcSettings,
    req: FastifyRequest,
    reply: FastifyReply,
    seen: Omit<OidcFailure, 'reason'>,
  ): Promise<string> {
    const query = queryOf(req);
    const pending = resumePendingLogin(
      req.cookies[PENDING_COOKIE],
      single(query, 'state') ?? undefined,
    );
    if (typeof pending === 'string') throw stateError(pending);
    const providerError = single(query, 'error');
    if (providerError === 'access_denied') {
      throw new ApiError(
        403,
        'oidc_access_denied',
        'sign-in was cancelled or refused at the provider',
      );
    }
    if (providerError !== undefined) {
      throw new ApiError(
        400,
        'oidc_provider_error',
        `the provider answered ${oauthCode(providerError)}: start again`,
      );
    }
    if (typeof single(query, 'code') !== 'string') {
      throw new ApiError(400, 'oidc_provider_error', 'the provider sent back no code: start again');
    }
    const answer = await this.oidc.exchange(query, pending);
    const identity = readIdentity(answer.claims, answer.subject, settings);
    if ('problem' in identity) throw claimError(identity);
    seen.username = identity.username;
    seen.groups = identity.groups;
    const grant = mapGroups(identity.groups, settings);
    if (!grant) {
      throw new ApiError(
        403,
        'oidc_no_role',
        `${identity.username} is in none of the groups that give an Aerie role (auth.oidc.roles)`,
      );
    }
    const user = await this.users.upsertExternal({
      // Qualified by the issuer: another provider's `sub` must never reach this account.
      subject: `${settings.issuer}#${identity.subject}`,
      username: identity.username,
      role: grant.role,
      teams: grant.teams,
    });
    const account = await this.users.get(user.id);
    if (!account || account.disabled) {
      throw new ApiError(403, 'account_disabled', `the account ${user.username} is disabled`);
    }
    await this.sessions.start(req, reply, user.id);
    return pending.returnTo;
  }
}

function cookieOptions(settings: OidcSettings) {
  return {
    httpOnly: true,
    sameSite: 'lax' as const,
    // The public URL tells whether browsers reach Aerie over TLS (a proxy may terminate it).
    secure: new URL(settings.redirectUri).protocol === 'https:',
    path: PENDING_COOKIE_PATH,
  };
}

function queryOf(req: FastifyRequest): URLSearchParams {
  return new URL(req.url, 'http://aerie.invalid').searchParams;
}

/** The parameter's value; undefined when absent, null when repeated (never guess which one). */
function single(query: URLSearchParams, name: string): string | undefined | null {
  const values = query.getAll(name);
  if (values.length > 1) return null;
  return values[0];
}

function stateError(problem: PendingProblem): ApiError {
  const message = {
    missing: 'no sign-in was started in this browser, or its cookie was blocked: start again',
    malformed: 'the sign-in cookie is damaged: start again',
    expired: 'the sign-in took longer than 10 minutes: start again',
    mismatch:
      'the answer does not belong to the sign-in started in this browser (state): start again',
  }[problem];
  return new ApiError(400, 'oidc_state_mismatch', message);
}

function claimError(identity: IdentityProblem): ApiError {
  switch (identity.problem) {
    case 'no_username':
      return new ApiError(
        403,
        'oidc_missing_claim',
        `the provider sent no "${identity.claim}" claim to use as the username (auth.oidc.usernameClaim)`,
      );
    case 'bad_username':
      return new ApiError(
        403,
        'oidc_bad_username',
        `the "${identity.claim}" claim is not a valid Aerie username (1–128 letters, digits, ".", "_", "@" or "-")`,
      );
    case 'bad_groups':
      return new ApiError(
        403,
        'oidc_bad_groups',
        `the "${identity.claim}" claim is neither a list of group names nor one name`,
      );
  }
}
