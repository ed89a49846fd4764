import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { BatchIngestResult, IngestAck } from '@aerie/contracts';
import { IngestGate } from '../tokens/ingest-gate.js';
import { IngestService } from './ingest.service.js';

/** Bodies arrive as raw Buffers (see app.factory.ts): parsing is ours, lossless and UTF-8 strict. */
@Controller()
export class IngestController {
  constructor(
    private readonly ingest: IngestService,
    private readonly gate: IngestGate,
  ) {}

  /** Falco's http_output and Falcosidekick's `POST /`: 200 once the event is committed. */
  @Post('/')
  @HttpCode(200)
  async one(@Req() req: FastifyRequest): Promise<IngestAck> {
    const token = await this.gate.admit(req);
    return this.ingest.ingestOne(req.body as Buffer | undefined, token?.cluster ?? undefined);
  }

  @Post('/test')
  @HttpCode(200)
  async test(@Req() req: FastifyRequest): Promise<IngestAck> {
    const token = await this.gate.admit(req);
    return this.ingest.ingestTest(token?.cluster ?? undefined);
  }

  @Post('/api/v1/events')
  async many(
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<BatchIngestResult> {
    const token = await this.gate.admit(req);
    const { status, result } = await this.ingest.ingestMany(
      req.body as Buffer | undefined,
      req.headers['content-type'],
      token?.cluster ?? undefined,
    );
    void reply.status(status);
    return result;
  }
}
