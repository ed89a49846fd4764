import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import {
  CreateTokenSchema,
  UpdateTokenSchema,
  issuesFromZod,
  type CreatedToken,
  type TokenInfo,
} from '@aerie/contracts';
import { ApiError } from '../../shared/api-error.js';
import { AdminGate } from '../audit/admin-gate.js';
import { AuditLog } from '../audit/audit-log.js';
import { TokenAuth } from './token-auth.js';
import { TokensRepository } from './tokens.repository.js';

/** Token administration; every call needs a token with the `admin` scope. */
@Controller('/api/v1/tokens')
export class TokensController {
  constructor(
    private readonly tokens: TokensRepository,
    private readonly auth: TokenAuth,
    private readonly admin: AdminGate,
    private readonly audit: AuditLog,
  ) {}

  @Post()
  @HttpCode(201)
  async create(@Req() req: FastifyRequest, @Body() body: unknown): Promise<CreatedToken> {
    const actor = await this.admin.check(req);
    const input = CreateTokenSchema.safeParse(parseJson(body));
    if (!input.success) throw ApiError.invalid('invalid_token', issuesFromZod(input.error));
    const created = await this.tokens.create(input.data);
    const { token: _secret, ...after } = created;
    await this.record(req, actor.id, 'token.create', created.id, null, after);
    return created;
  }

  @Get()
  async list(@Req() req: FastifyRequest): Promise<{ items: TokenInfo[] }> {
    await this.admin.check(req);
    return { items: await this.tokens.list() };
  }

  @Get('/:id')
  async get(@Req() req: FastifyRequest, @Param('id') id: string): Promise<TokenInfo> {
    await this.admin.check(req);
    return found(await this.tokens.get(id), id);
  }

  @Patch('/:id')
  async update(
    @Req() req: FastifyRequest,
    @Param('id') id: string,
    @Body() body: unknown,
  ): Promise<TokenInfo> {
    const actor = await this.admin.check(req);
    const patch = UpdateTokenSchema.safeParse(parseJson(body));
    if (!patch.success) throw ApiError.invalid('invalid_token', issuesFromZod(patch.error));
    const before = found(await this.tokens.get(id), id);
    const updated = found(await this.tokens.update(id, patch.data), id);
    this.auth.forget();
    await this.record(req, actor.id, 'token.update', id, before, updated);
    return updated;
  }

  /** Revokes: at once on this instance, within 10 s on others (TokenAuth cache); stays listed. */
  @Delete('/:id')
  async revoke(@Req() req: FastifyRequest, @Param('id') id: string): Promise<TokenInfo> {
    const actor = await this.admin.check(req);
    const before = found(await this.tokens.get(id), id);
    const revoked = found(await this.tokens.revoke(id), id);
    this.auth.forget();
    await this.record(req, actor.id, 'token.revoke', id, before, revoked);
    return revoked;
  }

  private record(
    req: FastifyRequest,
    actorId: string,
    action: string,
    target: string,
    before: unknown,
    after: unknown,
  ) {
    return this.audit.append({
      actor: `token:${actorId}`,
      action,
      target,
      sourceIp: req.ip,
      before,
      after,
    });
  }
}

/** Bodies arrive raw (see app.factory.ts). */
function parseJson(body: unknown): unknown {
  if (!Buffer.isBuffer(body) || body.length === 0) {
    throw ApiError.invalid('invalid_token', [
      { field: '(body)', message: 'must be a JSON object' },
    ]);
  }
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw ApiError.invalid('invalid_token', [
      { field: '(body)', message: `is not valid JSON: ${(err as Error).message}` },
    ]);
  }
}

function found<T>(value: T | undefined, id: string): T {
  if (value === undefined)
    throw new ApiError(404, 'not_found', `no token with id ${JSON.stringify(id)}`);
  return value;
}
