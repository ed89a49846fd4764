import { Controller, Get, Header, Param, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import {
  parseEventListQuery,
  parseGroupListQuery,
  parseStatsQuery,
  type Parsed,
  type RawQuery,
  type Stats,
} from '@aerie/contracts';
import { ApiError } from '../../shared/api-error.js';
import { Access } from '../access/access.js';
import { EventsRepository } from './events.repository.js';

const JSON_TYPE = 'application/json; charset=utf-8';

@Controller('/api/v1')
export class EventsController {
  constructor(
    private readonly events: EventsRepository,
    private readonly access: Access,
  ) {}

  @Get('/events')
  @Header('content-type', JSON_TYPE)
  async list(@Req() req: FastifyRequest, @Query() query: RawQuery): Promise<string> {
    const { scope } = await this.access.require(req, 'read');
    return this.events.list(scope, valid(parseEventListQuery(query)));
  }

  /** 404 alike for an id that does not exist and one outside the reader's teams. */
  @Get('/events/:id')
  @Header('content-type', JSON_TYPE)
  async get(@Req() req: FastifyRequest, @Param('id') id: string): Promise<string> {
    const { scope } = await this.access.require(req, 'read');
    const event = await this.events.get(scope, id);
    if (event === undefined)
      throw new ApiError(404, 'not_found', `no event with id ${JSON.stringify(id)}`);
    return event;
  }

  @Get('/groups')
  @Header('content-type', JSON_TYPE)
  async groups(@Req() req: FastifyRequest, @Query() query: RawQuery): Promise<string> {
    const { scope } = await this.access.require(req, 'read');
    return this.events.groups(scope, valid(parseGroupListQuery(query)));
  }

  @Get('/stats')
  async stats(@Req() req: FastifyRequest, @Query() query: RawQuery): Promise<Stats> {
    const { scope } = await this.access.require(req, 'read');
    return this.events.stats(scope, valid(parseStatsQuery(query)));
  }
}

function valid<T>(parsed: Parsed<T>): T {
  if (!parsed.ok) throw ApiError.invalid('invalid_query', parsed.issues);
  return parsed.value;
}
