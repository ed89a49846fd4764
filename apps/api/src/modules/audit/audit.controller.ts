import { Controller, Get, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { issuesFromZod, type RawQuery } from '@aerie/contracts';
import { ApiError } from '../../shared/api-error.js';
import { Access } from '../access/access.js';
import { AuditLog, type AuditEntry, type ChainCheck } from './audit-log.js';

const ListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  before: z.coerce.number().int().positive().optional(),
  /** Exact matches: `user:alice`, `token.create`. */
  actor: z.string().min(1).max(300).optional(),
  action: z.string().min(1).max(100).optional(),
});

/**
 * The audit trail, for admins: newest first (`before` = the last seq of the previous page),
 * optionally of one actor and/or one action.
 */
@Controller('/api/v1/audit')
export class AuditController {
  constructor(
    private readonly audit: AuditLog,
    private readonly access: Access,
  ) {}

  @Get()
  async list(
    @Req() req: FastifyRequest,
    @Query() query: RawQuery,
  ): Promise<{ items: AuditEntry[] }> {
    await this.access.require(req, 'admin');
    const parsed = ListQuery.safeParse(query);
    if (!parsed.success) throw ApiError.invalid('invalid_query', issuesFromZod(parsed.error));
    const { limit, before, actor, action } = parsed.data;
    return { items: await this.audit.list(limit, before, { actor, action }) };
  }

  @Get('/verify')
  async verify(@Req() req: FastifyRequest): Promise<ChainCheck> {
    await this.access.require(req, 'admin');
    return this.audit.verify();
  }
}
