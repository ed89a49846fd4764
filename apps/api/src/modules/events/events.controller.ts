import { Controller, Get, Header, Param, Query } from '@nestjs/common';
import {
  parseEventListQuery,
  parseStatsQuery,
  type Parsed,
  type RawQuery,
  type Stats,
} from '@aerie/contracts';
import { ApiError } from '../../shared/api-error.js';
import { EventsRepository } from './events.repository.js';

const JSON_TYPE = 'application/json; charset=utf-8';

@Controller('/api/v1')
export class EventsController {
  constructor(private readonly events: EventsRepository) {}

  @Get('/events')
  @Header('content-type', JSON_TYPE)
  list(@Query() query: RawQuery): Promise<string> {
    return this.events.list(valid(parseEventListQuery(query)));
  }

  @Get('/events/:id')
  @Header('content-type', JSON_TYPE)
  async get(@Param('id') id: string): Promise<string> {
    const event = await this.events.get(id);
    if (event === undefined)
      throw new ApiError(404, 'not_found', `no event with id ${JSON.stringify(id)}`);
    return event;
  }

  @Get('/groups')
  @Header('content-type', JSON_TYPE)
  groups(@Query() query: RawQuery): Promise<string> {
    return this.events.groups(valid(parseEventListQuery(query)));
  }

  @Get('/stats')
  stats(@Query() query: RawQuery): Promise<Stats> {
    return this.events.stats(valid(parseStatsQuery(query)));
  }
}

function valid<T>(parsed: Parsed<T>): T {
  if (!parsed.ok) throw ApiError.invalid('invalid_query', parsed.issues);
  return parsed.value;
}
