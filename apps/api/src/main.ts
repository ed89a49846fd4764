import { createApp } from './app.factory.js';
import { ConfigError, loadConfig } from './modules/config/config.loader.js';
import { createLogger } from './shared/logger.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`aerie: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  const { app, db } = await createApp(config, logger).catch((err: unknown) => {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`aerie: ${err.message}\n`);
    return process.exit(2);
  });
  await app.listen({ port: config.port, host: config.listenAddress });
  // Graceful shutdown: stop accepting, answer in-flight requests, flush the batch, exit 0.
  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) process.exit(1); // a second signal: stop waiting
      stopping = true;
      logger.info({ signal }, 'stopping');
      app.close().then(
        () => process.exit(0),
        (err: unknown) => {
          logger.error({ err }, 'error while stopping');
          process.exit(1);
        },
      );
    });
  }
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.info(
    { port, database: db.kind, ...(db.kind === 'pglite' ? { dataDir: config.dataDir } : {}) },
    `Aerie listening on ${config.tls.certFile ? 'https' : 'http'}://localhost:${port}`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(
    `aerie: failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
