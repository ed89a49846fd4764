import { type DynamicModule, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { Registry, collectDefaultMetrics } from 'prom-client';
import type { AerieConfig } from './modules/config/config.schema.js';
import { Database } from './modules/database/database.js';
import { EventsController } from './modules/events/events.controller.js';
import { EventsRepository } from './modules/events/events.repository.js';
import { HealthController } from './modules/health/health.controller.js';
import { BatchWriter } from './modules/ingest/batch-writer.js';
import { IngestController } from './modules/ingest/ingest.controller.js';
import { IngestService } from './modules/ingest/ingest.service.js';
import { IngestMetrics } from './modules/metrics/ingest.metrics.js';
import { MetricsController } from './modules/metrics/metrics.controller.js';
import { DocsController } from './modules/web/docs.controller.js';
import { OidcClient } from './modules/oidc/oidc-client.js';
import { OidcController } from './modules/oidc/oidc.controller.js';
import { OidcFailures } from './modules/oidc/oidc-failures.js';
import { Access } from './modules/access/access.js';
import { AuthController } from './modules/auth/auth.controller.js';
import { AuthSettings } from './modules/auth/auth-settings.js';
import { PasswordLogin } from './modules/auth/login.js';
import { Sessions } from './modules/auth/sessions.js';
import { TeamsController } from './modules/teams/teams.controller.js';
import { TeamsRepository } from './modules/teams/teams.repository.js';
import { UsersController } from './modules/users/users.controller.js';
import { UsersRepository } from './modules/users/users.repository.js';
import { OUTPUT_PLUGINS } from '@aerie/outputs';
import { Bus } from './modules/bus/bus.js';
import { DeliveriesController } from './modules/delivery/deliveries.controller.js';
import { DeliveriesRepository } from './modules/delivery/deliveries.repository.js';
import { DeliveryLogRepository } from './modules/delivery/delivery-log.repository.js';
import { DeliveryMetrics } from './modules/delivery/delivery.metrics.js';
import { Dispatcher } from './modules/delivery/dispatcher.js';
import { OutputsAdmin } from './modules/delivery/outputs.admin.js';
import { OutputsController } from './modules/delivery/outputs.controller.js';
import { OutputTypesController } from './modules/delivery/output-types.controller.js';
import { OutputsRepository } from './modules/delivery/outputs.repository.js';
import { OutputsService } from './modules/delivery/outputs.service.js';
import { AuditController } from './modules/audit/audit.controller.js';
import { AuditLog } from './modules/audit/audit-log.js';
import { IngestGate } from './modules/tokens/ingest-gate.js';
import { TokenAuth } from './modules/tokens/token-auth.js';
import { TokensController } from './modules/tokens/tokens.controller.js';
import { TokensRepository } from './modules/tokens/tokens.repository.js';
import { SecretBox } from './modules/secrets/secret-box.js';
import { TriageController } from './modules/triage/triage.controller.js';
import { AssigneesController } from './modules/triage/assignees.controller.js';
import { TriageRepository } from './modules/triage/triage.repository.js';
import { TriageService } from './modules/triage/triage.service.js';
import { resolvingOutputs } from './modules/delivery/group-resolve.js';
import { loadSecretKeys } from './modules/secrets/secret-key.js';
import { LiveAuth } from './modules/live/live-auth.js';
import { LiveGateway } from './modules/live/live.gateway.js';
import { LiveHub } from './modules/live/live-hub.js';
import { LiveMetrics } from './modules/live/live.metrics.js';
import { SiemController, SiemLinks } from './modules/siem/siem.controller.js';
import { SiemConsumersRepository } from './modules/siem/siem-consumers.repository.js';
import { SiemEventsRepository } from './modules/siem/siem-events.repository.js';
import { SiemRateLimit } from './modules/siem/siem-rate-limit.js';
import { SiemService } from './modules/siem/siem.service.js';
import { SiemStreams } from './modules/siem/siem-streams.js';

/** Drains the ingest batch and closes the database after the HTTP server has stopped. */
class Shutdown implements OnApplicationShutdown {
  constructor(
    private readonly writer: BatchWriter,
    private readonly dispatcher: Dispatcher,
    private readonly db: Database,
    private readonly logger: Logger,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.writer.drain();
    // Attempts in flight are recorded; claimed ones not yet sent wait out their lease.
    await this.dispatcher.stop();
    await this.db.close();
    this.logger.info('stopped: every acknowledged event is committed');
  }
}

@Module({})
export class AppModule {
  /** Everything is built by factories: the database is opened (and migrated) before the app. */
  static create(config: AerieConfig, db: Database, logger: Logger, secure: boolean): DynamicModule {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    const metrics = new IngestMetrics(registry);
    const bus = new Bus();
    const writer = new BatchWriter(db, config.ingest.batch, metrics, logger, bus);
    const tokens = new TokensRepository(db);
    const auth = new TokenAuth(tokens);
    const audit = new AuditLog(db);
    // Outside the config file on purpose: the key must not sit beside what it protects.
    const env = process.env;
    const secrets = new SecretBox(
      loadSecretKeys({ env, dataDir: config.dataDir, databaseUrl: config.databaseUrl, logger }),
    );
    const users = new UsersRepository(db);
    const teams = new TeamsRepository(db);
    const outputs = new OutputsService(
      new OutputsRepository(db),
      OUTPUT_PLUGINS,
      teams,
      secrets,
      logger,
    );
    const dispatcher = new Dispatcher(
      new DeliveriesRepository(db),
      () => outputs.outputs(),
      logger,
      {
        claim: config.delivery.claim,
        leaseSeconds: config.delivery.leaseSeconds,
        idleMs: config.delivery.pollMs,
        ack: config.delivery.ack,
        publicUrl: config.publicUrl ?? `http://localhost:${config.port}`,
      },
      new DeliveryMetrics(registry, db),
      bus,
    );
    outputs.onRouted = () => dispatcher.nudge();
    const triage = new TriageService(
      new TriageRepository(db),
      new EventsRepository(db),
      users,
      { outputs: () => resolvingOutputs(outputs.outputs()), queued: () => dispatcher.nudge() },
      audit,
      bus,
      logger,
    );
    writer.onReopened = (groupIds) => triage.reopened(groupIds);
    const sessions = new Sessions(db, audit, config.auth.sessionTtlSeconds, secure);
    const liveAuth = new LiveAuth(sessions, tokens, config.publicUrl);
    const live = new LiveHub(
      db,
      bus,
      liveAuth,
      new LiveMetrics(registry),
      logger,
      config.databaseUrl,
    );
    const siemEvents = new SiemEventsRepository(db);
    const siemConsumers = new SiemConsumersRepository(db);
    return {
      module: AppModule,
      controllers: [
        IngestController,
        EventsController,
        TokensController,
        AuthController,
        OidcController,
        UsersController,
        TeamsController,
        OutputsController,
        OutputTypesController,
        DeliveriesController,
        AuditController,
        HealthController,
        MetricsController,
        DocsController,
        TriageController,
        AssigneesController,
        SiemController,
      ],
      providers: [
        { provide: Registry, useValue: registry },
        { provide: Database, useValue: db },
        { provide: IngestMetrics, useValue: metrics },
        { provide: BatchWriter, useValue: writer },
        {
          provide: IngestService,
          useValue: new IngestService(config, writer, metrics, outputs),
        },
        { provide: OutputsService, useValue: outputs },
        { provide: Bus, useValue: bus },
        { provide: Dispatcher, useValue: dispatcher },
        { provide: DeliveryLogRepository, useValue: new DeliveryLogRepository(db) },
        {
          provide: OutputsAdmin,
          useValue: new OutputsAdmin(new OutputsRepository(db), outputs, OUTPUT_PLUGINS, secrets),
        },
        { provide: EventsRepository, useValue: new EventsRepository(db) },
        { provide: TokensRepository, useValue: tokens },
        { provide: TokenAuth, useValue: auth },
        { provide: AuditLog, useValue: audit },
        { provide: SecretBox, useValue: secrets },
        { provide: UsersRepository, useValue: users },
        { provide: TeamsRepository, useValue: teams },
        { provide: Sessions, useValue: sessions },
        { provide: OidcClient, useValue: new OidcClient(config.auth.oidc, logger) },
        {
          provide: OidcFailures,
          useValue: new OidcFailures(audit, config.auth.oidc?.issuer ?? '', logger),
        },
        { provide: Access, useValue: new Access(sessions, auth, audit) },
        {
          provide: PasswordLogin,
          useValue: new PasswordLogin(users, sessions, audit, config.auth),
        },
        { provide: AuthSettings, useValue: new AuthSettings(config.auth) },
        { provide: IngestGate, useValue: new IngestGate(auth, config.ingest.requireToken) },
        { provide: LiveAuth, useValue: liveAuth },
        { provide: LiveHub, useValue: live },
        LiveGateway,
        { provide: TriageService, useValue: triage },
        { provide: SiemService, useValue: new SiemService(siemEvents, siemConsumers, audit) },
        { provide: SiemConsumersRepository, useValue: siemConsumers },
        {
          provide: SiemStreams,
          useValue: new SiemStreams(siemEvents, bus, logger, config.siem.maxStreams),
        },
        { provide: SiemRateLimit, useValue: new SiemRateLimit(config.siem.rateLimit) },
        { provide: SiemLinks, useValue: new SiemLinks(config.publicUrl) },
        { provide: Shutdown, useValue: new Shutdown(writer, dispatcher, db, logger) },
      ],
    };
  }
}
