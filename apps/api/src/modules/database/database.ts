import { DataSource } from 'typeorm';
import { resolve } from 'node:path';
import { lockDataDir } from './data-dir-lock.js';
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
    private readonly unlock: () => void,
  ) {}

  static async open(target: DatabaseTarget): Promise<Database> {
    const options = dataSourceOptions(target); // creates the data directory for PGlite
    const unlock = target.databaseUrl ? () => undefined : lockDataDir(resolve(target.dataDir));
    const dataSource = new DataSource(options);
    try {
      await dataSource.initialize();
    } catch (err) {
      unlock();
      throw err;
    }
    const db = new Database(dataSource, target.databaseUrl ? 'postgres' : 'pglite', unlock);
    try {
      await db.migrate();
    } catch (err) {
      await db.close();
      throw err;
    }
    return db;
  }

  /** The rows of any statement (TypeORM alone returns [rows, count] for UPDATE and DELETE). */
  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    const runner = this.dataSource.createQueryRunner();
    try {
      const result = await runner.query(sql, params, true);
      return (result.records ?? []) as T[];
    } finally {
      await runner.release();
    }
  }

  async close(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    this.unlock();
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
