import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import type { Logger } from 'pino';
import { AppModule } from './app.module.js';
import type { AerieConfig } from './modules/config/config.schema.js';
import { Database } from './modules/database/database.js';
import { IngestMetrics } from './modules/metrics/ingest.metrics.js';
import { addIngestRateLimit } from './modules/security/ingest-rate-limit.js';
import { addSecurityHeaders } from './modules/security/security-headers.js';
import { loadTls } from './modules/security/tls.js';
import { TokenAuth } from './modules/tokens/token-auth.js';
import { recordConfigChange } from './modules/secrets/config-audit.js';
import { SecretBox } from './modules/secrets/secret-box.js';
import { AuditLog } from './modules/audit/audit-log.js';
import { ensureFirstAdmin } from './modules/auth/first-admin.js';
import { UsersRepository } from './modules/users/users.repository.js';
import { Dispatcher } from './modules/delivery/dispatcher.js';
import { OutputsService } from './modules/delivery/outputs.service.js';
import { outputsToRun } from './modules/delivery/falcosidekick-outputs.js';
import { ErrorFilter } from './shared/error.filter.js';
import { LiveAuth } from './modules/live/live-auth.js';
import { LiveWsAdapter } from './modules/live/live-ws.adapter.js';
import { NestPinoLogger } from './shared/logger.js';

const here = dirname(fileURLToPath(import.meta.url));
/** The built dashboard (apps/web/dist), next to this app's dist in the repository. */
export const WEB_DIST = join(here, '..', '..', 'web', 'dist');

export interface AerieApp {
  app: NestFastifyApplication;
  db: Database;
  /** `METHOD /path` of every route registered, for the OpenAPI completeness test. */
  routes: string[];
}

/** Opens (and migrates) the database, then builds the HTTP app around it. Does not listen. */
export async function createApp(
  config: AerieConfig,
  logger: Logger,
  webDist = WEB_DIST,
): Promise<AerieApp> {
  const db = await Database.open({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const tls = loadTls(config.tls);
  const adapter = new FastifyAdapter({
    ...(tls ? { https: tls } : {}),
    bodyLimit: config.ingest.bodyLimit,
    // Falco keeps connections open; fastify's defaults close idle sockets after 72 s.
    keepAliveTimeout: 65_000,
    return503OnClosing: true,
    ...(config.basePath ? { rewriteUrl: stripBasePath(config.basePath) } : {}),
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.create(config, db, logger, tls !== undefined),
    adapter,
    {
      bodyParser: false,
      logger: new NestPinoLogger(logger),
      abortOnError: false,
    },
  );
  app.useWebSocketAdapter(new LiveWsAdapter(app, app.get(LiveAuth), config.basePath));
  const fastify = app.getHttpAdapter().getInstance();
  const routes: string[] = [];
  fastify.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push(`${method} ${route.url}`);
  });
  addSecurityHeaders(fastify, tls !== undefined);
  if (config.basePath) {
    const base = config.basePath;
    fastify.addHook('onRequest', async (req, reply) => {
      const location = slashAfterBasePath(base, req.method, req.originalUrl);
      if (location !== undefined) return reply.redirect(location, 308);
    });
  }
  await fastify.register(fastifyCookie);
  addIngestRateLimit(fastify, config.ingest.rateLimit, app.get(IngestMetrics), app.get(TokenAuth));
  // Bodies stay raw Buffers: ingest parses them itself (UTF-8 strict, lossless numbers).
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  app.useGlobalFilters(new ErrorFilter(logger, config.ingest.bodyLimit, app.get(IngestMetrics)));
  await fastify.register(fastifyStatic, {
    root: dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json')),
    prefix: '/api/docs/',
    decorateReply: false,
    wildcard: false,
    index: false,
  });
  if (existsSync(webDist)) {
    await fastify.register(fastifyStatic, { root: webDist, prefix: '/', wildcard: false });
  }
  await app.init();
  // A configuration change is a state change: audited once per start that changes it.
  await recordConfigChange(config, app.get(AuditLog), app.get(SecretBox), logger).catch(
    async (err: unknown) => {
      await app.close();
      throw err;
    },
  );
  await ensureFirstAdmin(app.get(UsersRepository), app.get(AuditLog), logger);
  // Outputs from the config file (and Falcosidekick's settings) are checked — exit 2 when
  // wrong — stored, and delivered to.
  try {
    await app.get(OutputsService).syncConfig(outputsToRun(config, process.env, logger));
  } catch (err) {
    await app.close();
    throw err;
  }
  app.get(Dispatcher).start();
  if (!db.tenantRole) {
    logger.warn(
      'the database user cannot use the role aerie_tenant: row-level security does not back up tenant reads (docs/adr/0004-tenant-isolation.md)',
    );
  }
  return { app, db, routes };
}

/**
 * Requests under the base path are served as if at `/` (an ingress that does not strip the
 * prefix); requests without it are served too (one that does, and Falco posting to `/`).
 */
export function stripBasePath(base: string): (req: { url?: string }) => string {
  return (req) => {
    const url = req.url ?? '/';
    if (url === base || url.startsWith(`${base}?`)) return `/${url.slice(base.length)}`;
    return url.startsWith(`${base}/`) ? url.slice(base.length) : url;
  };
}

/**
 * Where a page read of the bare base path (`GET /aerie`) is sent: `/aerie/`. The dashboard's
 * asset URLs are relative (`./assets/…`), and only under the slash do they resolve inside the
 * prefix an ingress forwards. Other methods are served where they are (Falco posting to `/aerie`).
 */
export function slashAfterBasePath(base: string, method: string, url: string): string | undefined {
  if (method !== 'GET' && method !== 'HEAD') return undefined;
  if (url !== base && !url.startsWith(`${base}?`)) return undefined;
  return `${base}/${url.slice(base.length)}`;
}
