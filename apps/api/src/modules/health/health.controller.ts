import { Controller, Get, Header, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Database } from '../database/database.js';

@Controller()
export class HealthController {
  constructor(private readonly db: Database) {}

  /** Liveness: the process answers. */
  @Get('/healthz')
  healthz(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Falcosidekick's deprecated liveness probe. */
  @Get('/ping')
  @Header('content-type', 'text/plain; charset=utf-8')
  ping(): string {
    return 'pong';
  }

  /** Readiness: the database answers. */
  @Get('/readyz')
  async readyz(@Res({ passthrough: true }) reply: FastifyReply): Promise<object> {
    try {
      await this.db.query('SELECT 1');
      return { status: 'ok', database: this.db.kind };
    } catch {
      void reply.status(503);
      return { status: 'unavailable', database: this.db.kind };
    }
  }
}
