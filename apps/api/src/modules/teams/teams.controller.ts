import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { CreateTeamSchema, UpdateTeamSchema, type TeamInfo } from '@aerie/contracts';
import { ApiError } from '../../shared/api-error.js';
import { found, jsonBody } from '../../shared/json-body.js';
import { Access } from '../access/access.js';
import { recordChange } from '../access/audited.js';
import { AuditLog } from '../audit/audit-log.js';
import { TokenAuth } from '../tokens/token-auth.js';
import { TeamsRepository } from './teams.repository.js';

/** Teams (tenants) and the namespaces they own, for admins. */
@Controller('/api/v1/teams')
export class TeamsController {
  constructor(
    private readonly teams: TeamsRepository,
    private readonly tokens: TokenAuth,
    private readonly access: Access,
    private readonly audit: AuditLog,
  ) {}

  @Post()
  @HttpCode(201)
  async create(@Req() req: FastifyRequest, @Body() body: unknown): Promise<TeamInfo> {
    const actor = await this.access.require(req, 'admin');
    const input = jsonBody(body, CreateTeamSchema, 'invalid_team');
    const created = await this.teams.create(input);
    if (!created) {
      throw new ApiError(409, 'team_exists', `a team named ${JSON.stringify(input.name)} exists`);
    }
    await recordChange(this.audit, req, actor, 'team.create', created.name, null, created);
    return created;
  }

  @Get()
  async list(@Req() req: FastifyRequest): Promise<{ items: TeamInfo[] }> {
    await this.access.require(req, 'admin');
    return { items: await this.teams.list() };
  }

  @Get('/:id')
  async get(@Req() req: FastifyRequest, @Param('id') id: string): Promise<TeamInfo> {
    await this.access.require(req, 'admin');
    return found(await this.teams.get(id), 'team', id);
  }

  @Patch('/:id')
  async update(
    @Req() req: FastifyRequest,
    @Param('id') id: string,
    @Body() body: unknown,
  ): Promise<TeamInfo> {
    const actor = await this.access.require(req, 'admin');
    const patch = jsonBody(body, UpdateTeamSchema, 'invalid_team');
    const before = found(await this.teams.get(id), 'team', id);
    const updated = found(await this.teams.update(id, patch), 'team', id);
    this.tokens.forget(); // cached tokens carry their teams' namespaces
    await recordChange(this.audit, req, actor, 'team.update', before.name, before, updated);
    return updated;
  }

  @Delete('/:id')
  @HttpCode(204)
  async delete(@Req() req: FastifyRequest, @Param('id') id: string): Promise<void> {
    const actor = await this.access.require(req, 'admin');
    const before = found(await this.teams.delete(id), 'team', id);
    this.tokens.forget();
    await recordChange(this.audit, req, actor, 'team.delete', before.name, before, null);
  }
}
