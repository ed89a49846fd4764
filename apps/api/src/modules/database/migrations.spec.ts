import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-database.js';
import { spawnApp } from '../../test-support/app-process.js';
import { Database } from './database.js';
import { ENTITIES } from './data-source.options.js';
import { getMetadataArgsStorage } from 'typeorm';

const databases: TestDatabase[] = [];
afterAll(async () => {
  for (const db of databases) await db.drop();
});

describe('migrations', () => {
  it('run at start, and the entities mirror the migrated columns', async () => {
    const target = await createTestDatabase();
    databases.push(target);
    const db = await Database.open(target);
    try {
      const columns = await db.query<{ table_name: string; column_name: string }>(
        `SELECT table_name, column_name FROM information_schema.columns
         WHERE table_schema = 'public' AND table_name IN ('events', 'alert_groups', 'api_tokens', 'audit_log', 'users', 'teams',
           'user_teams', 'token_teams', 'sessions', 'outputs', 'deliveries', 'delivery_attempts', 'group_activity', 'siem_consumers')`,
      );
      for (const entity of ENTITIES) {
        const table = getMetadataArgsStorage().tables.find((t) => t.target === entity)!.name!;
        const mapped = getMetadataArgsStorage()
          .columns.filter((c) => c.target === entity)
          .map((c) => c.options.name ?? c.propertyName);
        const actual = columns.filter((c) => c.table_name === table).map((c) => c.column_name);
        expect(actual.sort()).toEqual(mapped.sort());
      }
      const applied = await db.query<{ name: string }>('SELECT name FROM aerie_migrations');
      expect(applied.map((m) => m.name)).toEqual([
        'InitialSchema1764270000000',
        'ApiTokens1764280000000',
        'AuditLog1764290000000',
        'UsersTeams1764300000000',
        'Deliveries1764310000000',
        'Triage1764320000000',
        'SiemConsumers1764340000000',
        'DeliveryAcks1764350000000',
      ]);
    } finally {
      await db.close();
    }
  });

  it.runIf(process.env['DATABASE_URL'])(
    'are safe when two processes start at once on a new database',
    async () => {
      const target = await createTestDatabase();
      databases.push(target);
      const [a, b] = await Promise.all([spawnApp(target), spawnApp(target)]);
      try {
        const ready = await Promise.all([fetch(`${a.url}/readyz`), fetch(`${b.url}/readyz`)]);
        expect(ready.map((r) => r.status)).toEqual([200, 200]);
      } finally {
        a.child.kill('SIGTERM');
        b.child.kill('SIGTERM');
        expect(await Promise.all([a.exited, b.exited])).toEqual([0, 0]);
      }
    },
  );
});
