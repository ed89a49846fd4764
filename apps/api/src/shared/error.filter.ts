import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import type { ErrorBody } from '@aerie/contracts';
import type { IngestMetrics } from '../modules/metrics/ingest.metrics.js';
import { ApiError } from './api-error.js';

/** Every error leaves as `{error, message, issues?}`; unexpected ones are logged, never echoed. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  constructor(
    private readonly logger: Logger,
    private readonly bodyLimit: number,
    private readonly metrics: IngestMetrics,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { status, body, headers } = toResponse(exception, this.logger, this.bodyLimit);
    if (status === 413) this.metrics.refused('too_large');
    void reply.status(status).headers(headers).send(body);
  }
}

export function toResponse(
  exception: unknown,
  logger: Logger,
  bodyLimit: number,
): { status: number; body: ErrorBody; headers: Record<string, string> } {
  const status =
    exception instanceof HttpException
      ? exception.getStatus()
      : (exception as { statusCode?: unknown }).statusCode;
  if (status === 413) {
    const message = `is larger than the limit of ${bodyLimit} bytes (ingest.bodyLimit)`;
    return {
      status: 413,
      body: {
        error: 'too_large',
        message: `(body): ${message}`,
        issues: [{ field: '(body)', message }],
      },
      headers: {},
    };
  }
  if (exception instanceof ApiError) {
    return { status: exception.status, body: exception.body, headers: exception.headers };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    return { status, body: { error: codeFor(status), message: exception.message }, headers: {} };
  }
  // A value Postgres refused (SQLSTATE class 22: out of range, bad format): the caller's input.
  const sqlState = (exception as { code?: unknown }).code;
  if (typeof sqlState === 'string' && sqlState.startsWith('22')) {
    return {
      status: 400,
      body: {
        error: 'invalid_request',
        message: 'a value of the request is out of range or malformed',
      },
      headers: {},
    };
  }
  if (sqlState === '57014') {
    return {
      status: 503,
      body: {
        error: 'timeout',
        message: 'the query took too long and was cancelled; narrow it (since/until, more filters)',
      },
      headers: { 'retry-after': '5' },
    };
  }
  const fastifyStatus = (exception as { statusCode?: unknown }).statusCode;
  if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
    return {
      status: fastifyStatus,
      body: { error: codeFor(fastifyStatus), message: (exception as Error).message },
      headers: {},
    };
  }
  logger.error({ err: exception }, 'unhandled error');
  return { status: 500, body: { error: 'internal', message: 'internal error' }, headers: {} };
}

function codeFor(status: number): string {
  return (
    {
      400: 'bad_request',
      404: 'not_found',
      405: 'method_not_allowed',
      413: 'too_large',
      415: 'unsupported_media_type',
    }[status] ?? `http_${status}`
  );
}
