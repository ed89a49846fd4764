import { DataSource } from 'typeorm';
import { dataSourceOptions, type DatabaseTarget } from './data-source.options.js';

/** Serializes migrations of processes that start at once on the same database. */
const MIGRATION_LOCK = 0x4165726965; // "Aerie"

/**
 * The app's one handle on its database. Runtime writes are single statements: on PGlite every
 * query shares one connection, so an explicit transaction would swallow concurrent reads.
 */
export class Database {
  private constructor(
    private readonly dataSource: DataSource,
    readonly kind: 'postgres' | 'pglite',
  ) {}

  static async open(target: DatabaseTarget): Promise<Database> {
    const dataSource = new DataSource(dataSourceOptions(target));
    await dataSource.initialize();
    const db = new Database(dataSource, target.databaseUrl ? 'postgres' : 'pglite');
    try {
      await db.migrate();
    } catch (err) {
      await dataSource.destroy();
      throw err;
    }
    return db;
  }

  query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.dataSource.query(sql, params);
  }

  async close(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }

  private async migrate(): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      await this.dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
      await runner.release();
    }
  }
}
