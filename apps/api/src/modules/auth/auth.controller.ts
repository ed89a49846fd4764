import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LoginSchema, type AuthProviders, type Me } from '@aerie/contracts';
import { ApiError } from '../../shared/api-error.js';
import { jsonBody } from '../../shared/json-body.js';
import { Access, ofSession } from '../access/access.js';
import { actorOf, type Principal } from '../access/principal.js';
import { AuditLog } from '../audit/audit-log.js';
import { AuthSettings } from './auth-settings.js';
import { PasswordLogin } from './login.js';
import { Sessions } from './sessions.js';

@Controller('/api/v1/auth')
export class AuthController {
  constructor(
    private readonly login: PasswordLogin,
    private readonly sessions: Sessions,
    private readonly access: Access,
    private readonly audit: AuditLog,
    private readonly settings: AuthSettings,
  ) {}

  /**
   * Only `application/json` is accepted: a cross-site HTML form cannot send it, so another site
   * cannot sign a browser into an account of its choosing (login CSRF).
   */
  @Post('/login')
  @HttpCode(200)
  async signIn(
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Body() body: unknown,
  ): Promise<Me> {
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
      throw new ApiError(415, 'unsupported_media_type', 'send the credentials as application/json');
    }
    const input = jsonBody(body, LoginSchema, 'invalid_login');
    const session = await this.sessions.lookup(await this.login.login(req, reply, input));
    if (!session) throw new ApiError(503, 'unavailable', 'the session could not be read back');
    return me(ofSession(session));
  }

  @Post('/logout')
  @HttpCode(204)
  async signOut(
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    const principal = await this.access.identify(req); // checks the CSRF token
    await this.sessions.end(req, reply);
    if (principal?.kind === 'user') {
      await this.audit.append({
        actor: actorOf(principal),
        action: 'auth.logout',
        target: actorOf(principal),
        sourceIp: req.ip,
      });
    }
  }

  @Get('/me')
  async whoAmI(@Req() req: FastifyRequest): Promise<Me> {
    const principal = await this.access.identify(req);
    if (!principal) throw new ApiError(401, 'unauthorized', 'not signed in');
    return me(principal);
  }

  /** What the login page offers; public. */
  @Get('/providers')
  providers(): AuthProviders {
    const oidc = this.settings.oidc;
    return {
      local: true,
      oidc: oidc ? { name: oidc.name, login_url: '/api/v1/auth/oidc/login' } : null,
    };
  }
}

function me(p: Principal): Me {
  return {
    kind: p.kind,
    id: p.id,
    username: p.name,
    role: p.role,
    teams: p.teams,
    scopes: p.scopes,
    ...(p.csrfToken ? { csrf_token: p.csrfToken } : {}),
  };
}
