import { Controller, Get, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Assignees } from '@aerie/contracts';
import { Access } from '../access/access.js';
import { UsersRepository } from '../users/users.repository.js';

/**
 * Who a group can be assigned to, for people who triage but may not list users: usernames only
 * (no roles, teams or login times), and for a team member only their teams' people and admins.
 */
@Controller('/api/v1/assignees')
export class AssigneesController {
  constructor(
    private readonly users: UsersRepository,
    private readonly access: Access,
  ) {}

  @Get()
  async list(@Req() req: FastifyRequest): Promise<Assignees> {
    const caller = await this.access.require(req, 'triage');
    const everyone = caller.role === 'admin';
    return { items: await this.users.assignees(everyone ? undefined : caller.teams) };
  }
}
