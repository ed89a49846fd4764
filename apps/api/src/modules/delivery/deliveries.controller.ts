import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { issuesFromZod, type RawQuery } from '@aerie/contracts';
import { ApiError } from '../../shared/api-error.js';
import { jsonBody } from '../../shared/json-body.js';
import { Access } from '../access/access.js';
import { recordChange } from '../access/audited.js';
import { AuditLog } from '../audit/audit-log.js';
import { EventsRepository } from '../events/events.repository.js';
import {
  DELIVERY_FILTERS,
  DeliveryLogRepository,
  type AttemptView,
  type DeliveryView,
} from './delivery-log.repository.js';
import { Dispatcher } from './dispatcher.js';

const ListQuery = z.strictObject({
  status: z.enum(DELIVERY_FILTERS).optional(),
  output: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  before: z
    .string()
    .regex(/^\d{1,18}$/, 'must be a delivery id')
    .optional(),
});
const ReplayAllSchema = z.strictObject({ output: z.string().min(1).optional() });

/** The delivery log and replays. */
@Controller('/api/v1')
export class DeliveriesController {
  constructor(
    private readonly log: DeliveryLogRepository,
    private readonly events: EventsRepository,
    private readonly dispatcher: Dispatcher,
    private readonly access: Access,
    private readonly audit: AuditLog,
  ) {}

  /** Deliveries newest first, by status and output (admins: they span every team). */
  @Get('/deliveries')
  async list(
    @Req() req: FastifyRequest,
    @Query() query: RawQuery,
  ): Promise<{ items: DeliveryView[] }> {
    await this.access.require(req, 'admin');
    const parsed = ListQuery.safeParse(query);
    if (!parsed.success) throw ApiError.invalid('invalid_query', issuesFromZod(parsed.error));
    return { items: await this.log.list(parsed.data) };
  }

  /** Where an event went, attempt by attempt; for anyone who may read the event. */
  @Get('/events/:id/deliveries')
  async forEvent(
    @Req() req: FastifyRequest,
    @Param('id') id: string,
  ): Promise<{ items: Array<DeliveryView & { attempts_log: AttemptView[] }> }> {
    const { scope } = await this.access.require(req, 'read');
    if ((await this.events.get(scope, id)) === undefined) {
      throw new ApiError(404, 'not_found', `no event with id ${JSON.stringify(id)}`);
    }
    return { items: await this.log.forEvent(id) };
  }

  /** Sends one dead delivery again (a fresh attempt budget). */
  @Post('/deliveries/:id/replay')
  @HttpCode(200)
  async replayOne(
    @Req() req: FastifyRequest,
    @Param('id') id: string,
  ): Promise<{ requeued: number }> {
    const actor = await this.access.require(req, 'admin');
    if (!/^\d{1,18}$/.test(id))
      throw new ApiError(404, 'not_found', `no delivery with id ${JSON.stringify(id)}`);
    const requeued = await this.log.replay({ id });
    if (requeued === 0) {
      throw new ApiError(409, 'not_dead', `delivery ${id} does not exist or is not dead`);
    }
    this.dispatcher.nudge();
    await recordChange(this.audit, req, actor, 'delivery.replay', `delivery:${id}`, null, {
      requeued,
    });
    return { requeued };
  }

  /** Sends every dead delivery again, or those of one output (`{"output": name}`). */
  @Post('/deliveries/replay')
  @HttpCode(200)
  async replayAll(
    @Req() req: FastifyRequest,
    @Body() body: unknown,
  ): Promise<{ requeued: number }> {
    const actor = await this.access.require(req, 'admin');
    const input =
      Buffer.isBuffer(body) && body.length > 0
        ? jsonBody(body, ReplayAllSchema, 'invalid_replay')
        : {};
    const requeued = await this.log.replay({ output: input.output });
    this.dispatcher.nudge();
    await recordChange(
      this.audit,
      req,
      actor,
      'delivery.replay',
      input.output ? `output:${input.output}` : 'all',
      null,
      { requeued },
    );
    return { requeued };
  }
}
