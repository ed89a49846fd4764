import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import {
  CreateTokenSchema,
  UpdateTokenSchema,
  type CreatedToken,
  type TokenInfo,
} from '@aerie/contracts';
import { found, jsonBody } from '../../shared/json-body.js';
import { Access } from '../access/access.js';
import { recordChange } from '../access/audited.js';
import { AuditLog } from '../audit/audit-log.js';
import { knownTeams } from '../teams/known-teams.js';
import { TeamsRepository } from '../teams/teams.repository.js';
import { TokenAuth } from './token-auth.js';
import { TokensRepository } from './tokens.repository.js';

/** Token administration, for admins. */
@Controller('/api/v1/tokens')
export class TokensController {
  constructor(
    private readonly tokens: TokensRepository,
    private readonly teams: TeamsRepository,
    private readonly auth: TokenAuth,
    private readonly access: Access,
    private readonly audit: AuditLog,
  ) {}

  @Post()
  @HttpCode(201)
  async create(@Req() req: FastifyRequest, @Body() body: unknown): Promise<CreatedToken> {
    const actor = await this.access.require(req, 'admin');
    const input = jsonBody(body, CreateTokenSchema, 'invalid_token');
    await knownTeams(this.teams, input.teams, 'invalid_token');
    const created = await this.tokens.create(input);
    const { token: _secret, ...after } = created;
    await recordChange(this.audit, req, actor, 'token.create', created.id, null, after);
    return created;
  }

  @Get()
  async list(@Req() req: FastifyRequest): Promise<{ items: TokenInfo[] }> {
    await this.access.require(req, 'admin');
    return { items: await this.tokens.list() };
  }

  @Get('/:id')
  async get(@Req() req: FastifyRequest, @Param('id') id: string): Promise<TokenInfo> {
    await this.access.require(req, 'admin');
    return found(await this.tokens.get(id), 'token', id);
  }

  @Patch('/:id')
  async update(
    @Req() req: FastifyRequest,
    @Param('id') id: string,
    @Body() body: unknown,
  ): Promise<TokenInfo> {
    const actor = await this.access.require(req, 'admin');
    const patch = jsonBody(body, UpdateTokenSchema, 'invalid_token');
    await knownTeams(this.teams, patch.teams ?? [], 'invalid_token');
    const before = found(await this.tokens.get(id), 'token', id);
    const updated = found(await this.tokens.update(id, patch), 'token', id);
    this.auth.forget();
    await recordChange(this.audit, req, actor, 'token.update', id, before, updated);
    return updated;
  }

  /** Revokes: at once on this instance, within 10 s on others (TokenAuth cache); stays listed. */
  @Delete('/:id')
  async revoke(@Req() req: FastifyRequest, @Param('id') id: string): Promise<TokenInfo> {
    const actor = await this.access.require(req, 'admin');
    const before = found(await this.tokens.get(id), 'token', id);
    const revoked = found(await this.tokens.revoke(id), 'token', id);
    this.auth.forget();
    await recordChange(this.audit, req, actor, 'token.revoke', id, before, revoked);
    return revoked;
  }
}
