import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  BulkUpdateGroupsSchema,
  CreateCommentSchema,
  MAX_LIMIT,
  DEFAULT_LIMIT,
  UpdateGroupSchema,
  issuesFromZod,
  type AlertGroup,
  type BulkUpdateResult,
  type GroupActivity,
  type GroupActivityPage,
  type RawQuery,
} from '@aerie/contracts';
import { ApiError } from '../../shared/api-error.js';
import { jsonBody } from '../../shared/json-body.js';
import { Access } from '../access/access.js';
import { TriageService, type Caller } from './triage.service.js';

const ActivityQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(DEFAULT_LIMIT),
  cursor: z.string().min(1).optional(),
});

/**
 * Triage of alert groups (`GET /api/v1/groups` lists them, in the events module). Reading needs
 * `read`; changing needs `triage` (analysts, admins, admin tokens), and only within the caller's
 * teams: a group outside them is answered 404 like one that does not exist.
 */
@Controller('/api/v1/groups')
export class TriageController {
  constructor(
    private readonly triage: TriageService,
    private readonly access: Access,
  ) {}

  /** Sets status and/or assignee of many groups: by ids, or by the filter of the groups list. */
  @Post('/bulk')
  @HttpCode(200)
  async bulk(@Req() req: FastifyRequest, @Body() body: unknown): Promise<BulkUpdateResult> {
    const caller = await this.caller(req);
    return this.triage.bulk(caller, jsonBody(body, BulkUpdateGroupsSchema, 'invalid_bulk'));
  }

  @Get('/:id')
  async get(@Req() req: FastifyRequest, @Param('id') id: string): Promise<AlertGroup> {
    return this.triage.get(await this.access.require(req, 'read'), id);
  }

  @Patch('/:id')
  async update(
    @Req() req: FastifyRequest,
    @Param('id') id: string,
    @Body() body: unknown,
  ): Promise<AlertGroup> {
    const caller = await this.caller(req);
    return this.triage.update(caller, id, jsonBody(body, UpdateGroupSchema, 'invalid_group'));
  }

  /** Comments and changes, oldest first. */
  @Get('/:id/activity')
  async activity(
    @Req() req: FastifyRequest,
    @Param('id') id: string,
    @Query() query: RawQuery,
  ): Promise<GroupActivityPage> {
    const principal = await this.access.require(req, 'read');
    const parsed = ActivityQuery.safeParse(query);
    if (!parsed.success) throw ApiError.invalid('invalid_query', issuesFromZod(parsed.error));
    return this.triage.activity(principal, id, parsed.data.limit, parsed.data.cursor);
  }

  @Post('/:id/comments')
  @HttpCode(201)
  async comment(
    @Req() req: FastifyRequest,
    @Param('id') id: string,
    @Body() body: unknown,
  ): Promise<GroupActivity> {
    const caller = await this.caller(req);
    const input = jsonBody(body, CreateCommentSchema, 'invalid_comment');
    return this.triage.comment(caller, id, input.body);
  }

  private async caller(req: FastifyRequest): Promise<Caller> {
    return { principal: await this.access.require(req, 'triage'), ip: req.ip };
  }
}
