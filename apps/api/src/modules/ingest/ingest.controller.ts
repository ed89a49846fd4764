import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { BatchIngestResult, IngestAck } from '@aerie/contracts';
import { IngestService } from './ingest.service.js';

/** Bodies arrive as raw Buffers (see app.factory.ts): parsing is ours, lossless and UTF-8 strict. */
@Controller()
export class IngestController {
  constructor(private readonly ingest: IngestService) {}

  /** Falco's http_output and Falcosidekick's `POST /`: 200 once the event is committed. */
  @Post('/')
  @HttpCode(200)
  one(@Req() req: FastifyRequest): Promise<IngestAck> {
    return this.ingest.ingestOne(req.body as Buffer | undefined);
  }

  @Post('/test')
  @HttpCode(200)
  test(): Promise<IngestAck> {
    return this.ingest.ingestTest();
  }

  @Post('/api/v1/events')
  async many(
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<BatchIngestResult> {
    const { status, result } = await this.ingest.ingestMany(
      req.body as Buffer | undefined,
      req.headers['content-type'],
    );
    void reply.status(status);
    return result;
  }
}
