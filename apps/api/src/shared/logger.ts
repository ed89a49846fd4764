import type { LoggerService } from '@nestjs/common';
import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { LOG_REDACT_PATHS, MASK, maskSecrets, maskString } from '../modules/secrets/mask.js';

/**
 * The JSON log. Secrets never reach it: known header and query paths are redacted, every logged
 * object and binding is masked (maskSecrets, errors included), and message strings lose URL
 * passwords and tokens. `destination`: stdout unless given (tests inspect a stream).
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options: LoggerOptions = {
    level,
    base: { service: 'aerie' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: [...LOG_REDACT_PATHS], censor: MASK },
    formatters: {
      log: (object) => maskSecrets(object),
      bindings: (bindings) => maskSecrets(bindings),
    },
    hooks: {
      // Before pino reads them: a message string, or an error whose message becomes `msg`.
      logMethod(args, method) {
        const masked = args.map((arg: unknown) =>
          typeof arg === 'string' ? maskString(arg) : arg instanceof Error ? maskSecrets(arg) : arg,
        ) as Parameters<typeof method>;
        method.apply(this, masked);
      },
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** Routes Nest's own log lines into the structured JSON log. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string): void {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string): void {
    this.logger.trace({ context }, String(message));
  }
}
