import { Controller, Get, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { OutputTypeInfo } from '@aerie/contracts';
import { OUTPUT_PLUGINS } from '@aerie/outputs';
import { Access } from '../access/access.js';
import { outputTypes } from './output-types.js';

/** The output types and the schemas of their forms (admins: only they edit outputs). */
@Controller('/api/v1/output-types')
export class OutputTypesController {
  // The plugins are fixed at build time: the answer is computed once.
  private readonly items = outputTypes(OUTPUT_PLUGINS);

  constructor(private readonly access: Access) {}

  @Get()
  async list(@Req() req: FastifyRequest): Promise<{ items: OutputTypeInfo[] }> {
    await this.access.require(req, 'admin');
    return { items: this.items };
  }
}
