import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { AlertGroupEntity } from './entities/alert-group.entity.js';
import { ApiTokenEntity } from './entities/api-token.entity.js';
import { AuditEntryEntity } from './entities/audit-entry.entity.js';
import { EventEntity } from './entities/event.entity.js';
import { GroupActivityEntity } from './entities/group-activity.entity.js';
import { DeliveryAttemptEntity, DeliveryEntity, OutputEntity } from './entities/delivery.entity.js';
import { SessionEntity } from './entities/session.entity.js';
import { TeamEntity, TokenTeamEntity, UserTeamEntity } from './entities/team.entity.js';
import { UserEntity } from './entities/user.entity.js';
import { SiemConsumerEntity } from './entities/siem-consumer.entity.js';
import { pgliteDriver } from './pglite.driver.js';
import { InitialSchema1764270000000 } from './migrations/1764270000000-initial-schema.js';
import { ApiTokens1764280000000 } from './migrations/1764280000000-api-tokens.js';
import { AuditLog1764290000000 } from './migrations/1764290000000-audit-log.js';
import { UsersTeams1764300000000 } from './migrations/1764300000000-users-teams.js';
import { Deliveries1764310000000 } from './migrations/1764310000000-deliveries.js';
import { Triage1764320000000 } from './migrations/1764320000000-triage.js';
import { SiemConsumers1764340000000 } from './migrations/1764340000000-siem-consumers.js';
import { DeliveryAcks1764350000000 } from './migrations/1764350000000-delivery-acks.js';

export const ENTITIES = [
  EventEntity,
  AlertGroupEntity,
  ApiTokenEntity,
  AuditEntryEntity,
  UserEntity,
  TeamEntity,
  UserTeamEntity,
  TokenTeamEntity,
  SessionEntity,
  OutputEntity,
  DeliveryEntity,
  DeliveryAttemptEntity,
  GroupActivityEntity,
  SiemConsumerEntity,
];
/** Listed explicitly: a glob built from import.meta.url finds nothing (STACK.md). */
export const MIGRATIONS = [
  InitialSchema1764270000000,
  ApiTokens1764280000000,
  AuditLog1764290000000,
  UsersTeams1764300000000,
  Deliveries1764310000000,
  Triage1764320000000,
  SiemConsumers1764340000000,
  DeliveryAcks1764350000000,
];

export const STATEMENT_TIMEOUT_MS = 30_000;

export interface DatabaseTarget {
  databaseUrl?: string | undefined;
  dataDir: string;
  /** Connections to a real Postgres. */
  poolSize?: number;
}

/** A real Postgres when a URL is given, else PGlite embedded in dataDir. */
export function dataSourceOptions(target: DatabaseTarget): DataSourceOptions {
  const common = {
    type: 'postgres' as const,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'aerie_migrations',
    synchronize: false,
    logging: false,
  };
  if (target.databaseUrl) {
    // A query that would run longer than this is cancelled (SQLSTATE 57014) rather than holding a
    // connection of the pool: the API answers 503 and asks for narrower filters.
    return {
      ...common,
      url: target.databaseUrl,
      extra: { max: target.poolSize ?? 10, statement_timeout: STATEMENT_TIMEOUT_MS },
    };
  }
  const dataDir = resolve(target.dataDir);
  mkdirSync(dataDir, { recursive: true });
  return { ...common, driver: pgliteDriver(dataDir) };
}
