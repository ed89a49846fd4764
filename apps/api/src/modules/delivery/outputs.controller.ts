import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { IngestAck } from '@aerie/contracts';
import { ApiError } from '../../shared/api-error.js';
import { jsonBody } from '../../shared/json-body.js';
import { Access } from '../access/access.js';
import { recordChange } from '../access/audited.js';
import { AuditLog } from '../audit/audit-log.js';
import { IngestService } from '../ingest/ingest.service.js';
import { DeliveryLogRepository } from './delivery-log.repository.js';
import { Dispatcher } from './dispatcher.js';
import { OutputDefinitionSchema, type OutputDefinition } from './output-definition.js';
import { OutputsAdmin, type OutputView } from './outputs.admin.js';
import { OutputsService } from './outputs.service.js';

const UpdateOutputSchema = OutputDefinitionSchema.omit({ name: true, type: true }).partial();

/** Outputs: their health, their administration, the route test and test deliveries (admins). */
@Controller('/api/v1/outputs')
export class OutputsController {
  constructor(
    private readonly admin: OutputsAdmin,
    private readonly outputs: OutputsService,
    private readonly log: DeliveryLogRepository,
    private readonly dispatcher: Dispatcher,
    private readonly ingest: IngestService,
    private readonly access: Access,
    private readonly audit: AuditLog,
  ) {}

  /** Each output with its settings (secrets masked), route, and health: queue, dead, last error. */
  @Get()
  async list(@Req() req: FastifyRequest): Promise<{ items: OutputView[] }> {
    await this.access.require(req, 'admin');
    const health = await this.log.health();
    const items = (await this.admin.list()).map((o) => ({
      ...o,
      health: { ...health.get(o.id), circuit: this.dispatcher.circuit(o.id) },
    }));
    return { items };
  }

  @Post()
  @HttpCode(201)
  async create(@Req() req: FastifyRequest, @Body() body: unknown): Promise<OutputView> {
    const actor = await this.access.require(req, 'admin');
    const def = jsonBody(body, OutputDefinitionSchema, 'invalid_output');
    const created = await this.admin.create(def);
    await recordChange(this.audit, req, actor, 'output.create', def.name, null, created);
    return created;
  }

  @Patch('/:name')
  async update(
    @Req() req: FastifyRequest,
    @Param('name') name: string,
    @Body() body: unknown,
  ): Promise<OutputView> {
    const actor = await this.access.require(req, 'admin');
    const patch = jsonBody(body, UpdateOutputSchema, 'invalid_output');
    const { before, after } = await this.admin.update(name, patch as Partial<OutputDefinition>);
    await recordChange(this.audit, req, actor, 'output.update', name, before, after);
    return after;
  }

  @Delete('/:name')
  @HttpCode(204)
  async remove(@Req() req: FastifyRequest, @Param('name') name: string): Promise<void> {
    const actor = await this.access.require(req, 'admin');
    const before = await this.admin.remove(name);
    await recordChange(this.audit, req, actor, 'output.delete', name, before, null);
  }

  /** Which outputs an example Falco event (the body) would go to, and why not the others. */
  @Post('/route-test')
  @HttpCode(200)
  async routeTest(
    @Req() req: FastifyRequest,
    @Body() body: Buffer | undefined,
  ): Promise<ReturnType<OutputsService['explain']>> {
    await this.access.require(req, 'admin');
    return this.outputs.explain(this.ingest.example(body));
  }

  /** Stores a test event and delivers it to this output only, through the real engine. */
  @Post('/:name/test')
  @HttpCode(202)
  async test(@Req() req: FastifyRequest, @Param('name') name: string): Promise<IngestAck> {
    const actor = await this.access.require(req, 'admin');
    const output = [...this.outputs.outputs().values()].find((o) => o.name === name);
    if (!output) {
      throw new ApiError(404, 'not_found', `no enabled output named ${JSON.stringify(name)}`);
    }
    const ack = await this.ingest.ingestTest(undefined, [output.id]);
    this.dispatcher.nudge();
    await recordChange(this.audit, req, actor, 'output.test', name, null, ack);
    return ack;
  }
}

export const ReplaySchema = z.strictObject({ output: z.string().min(1).optional() });
