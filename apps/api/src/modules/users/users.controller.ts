import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { CreateUserSchema, UpdateUserSchema, type UserInfo } from '@aerie/contracts';
import { ApiError } from '../../shared/api-error.js';
import { found, jsonBody } from '../../shared/json-body.js';
import { Access } from '../access/access.js';
import { recordChange } from '../access/audited.js';
import { AuditLog } from '../audit/audit-log.js';
import { knownTeams } from '../teams/known-teams.js';
import { TeamsRepository } from '../teams/teams.repository.js';
import { UsersRepository } from './users.repository.js';

/** People, their roles and teams, for admins. Passwords go in, never out (nor into the audit log). */
@Controller('/api/v1/users')
export class UsersController {
  constructor(
    private readonly users: UsersRepository,
    private readonly teams: TeamsRepository,
    private readonly access: Access,
    private readonly audit: AuditLog,
  ) {}

  @Post()
  @HttpCode(201)
  async create(@Req() req: FastifyRequest, @Body() body: unknown): Promise<UserInfo> {
    const actor = await this.access.require(req, 'admin');
    const input = jsonBody(body, CreateUserSchema, 'invalid_user');
    await knownTeams(this.teams, input.teams, 'invalid_user');
    const created = await this.users.create(input);
    if (!created) {
      throw new ApiError(
        409,
        'user_exists',
        `a user named ${JSON.stringify(input.username)} exists`,
      );
    }
    await recordChange(this.audit, req, actor, 'user.create', created.username, null, created);
    return created;
  }

  @Get()
  async list(@Req() req: FastifyRequest): Promise<{ items: UserInfo[] }> {
    await this.access.require(req, 'admin');
    return { items: await this.users.list() };
  }

  @Get('/:id')
  async get(@Req() req: FastifyRequest, @Param('id') id: string): Promise<UserInfo> {
    await this.access.require(req, 'admin');
    return found(await this.users.get(id), 'user', id);
  }

  @Patch('/:id')
  async update(
    @Req() req: FastifyRequest,
    @Param('id') id: string,
    @Body() body: unknown,
  ): Promise<UserInfo> {
    const actor = await this.access.require(req, 'admin');
    const patch = jsonBody(body, UpdateUserSchema, 'invalid_user');
    await knownTeams(this.teams, patch.teams ?? [], 'invalid_user');
    const before = found(await this.users.get(id), 'user', id);
    const demotes = patch.disabled === true || (patch.role !== undefined && patch.role !== 'admin');
    if (demotes) await this.keepAnAdmin(before.id);
    const updated = found(await this.users.update(id, patch), 'user', id);
    const after = { ...updated, ...(patch.password !== undefined ? { password: 'changed' } : {}) };
    await recordChange(this.audit, req, actor, 'user.update', before.username, before, after);
    return updated;
  }

  @Delete('/:id')
  @HttpCode(204)
  async delete(@Req() req: FastifyRequest, @Param('id') id: string): Promise<void> {
    const actor = await this.access.require(req, 'admin');
    const before = found(await this.users.get(id), 'user', id);
    await this.keepAnAdmin(before.id);
    await this.users.delete(before.id);
    await recordChange(this.audit, req, actor, 'user.delete', before.username, before, null);
  }

  /** Nobody could administer Aerie any more: refused. */
  private async keepAnAdmin(userId: string): Promise<void> {
    const admins = await this.users.activeAdmins();
    if (admins.length === 1 && admins[0] === userId) {
      throw new ApiError(
        409,
        'last_admin',
        'this is the last enabled admin; make another one first',
      );
    }
  }
}
