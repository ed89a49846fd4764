import { DataSource } from 'typeorm';
import { resolve } from 'node:path';
import { lockDataDir } from './data-dir-lock.js';
import { dataSourceOptions, type DatabaseTarget } from './data-source.options.js';
import { TENANT_ROLE } from './migrations/1764300000000-users-teams.js';

/** Runs one statement and returns its rows. */
export type Query = <T = Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<T[]>;

/** Serializes migrations of processes that start at once on the same database. */
const MIGRATION_LOCK = 0x4165726965; // "Aerie"

/**
 * The app's one handle on its database. Runtime writes are single statements. On PGlite every
 * query shares one connection, so statements run one at a time through `serial`, and a tenant
 * read's transaction holds it for its whole length.
 */
export class Database {
  /** Whether tenant reads can switch to the role row-level security applies to. */
  tenantRole = false;
  private serial: Promise<unknown> = Promise.resolve();

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
      const [role] = await db.query<{ ok: boolean }>(
        `SELECT CASE WHEN EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)
           THEN pg_has_role(current_user, $1, 'MEMBER') ELSE false END AS ok`,
        [TENANT_ROLE],
      );
      db.tenantRole = role?.ok === true;
    } catch (err) {
      await db.close();
      throw err;
    }
    return db;
  }

  /** The rows of any statement (TypeORM alone returns [rows, count] for UPDATE and DELETE). */
  query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.exclusive(async () => {
      const runner = this.dataSource.createQueryRunner();
      try {
        const result = await runner.query(sql, params, true);
        return (result.records ?? []) as T[];
      } finally {
        await runner.release();
      }
    });
  }

  /**
   * Runs `fn`'s reads in one read-only transaction as the tenant role, with `aerie.scope` set to
   * `patterns`: row-level security then hides every row outside them (migration 1764300000000).
   */
  asTenant<T>(patterns: readonly string[], fn: (query: Query) => Promise<T>): Promise<T> {
    return this.exclusive(async () => {
      const runner = this.dataSource.createQueryRunner();
      await runner.connect();
      try {
        await runner.query('BEGIN READ ONLY');
        await runner.query(
          `SELECT set_config('aerie.scope', $1, true)${this.tenantRole ? `, set_config('role', $2, true)` : ''}`,
          this.tenantRole ? [patterns.join('\x1e'), TENANT_ROLE] : [patterns.join('\x1e')],
        );
        const query: Query = async <R>(sql: string, params: unknown[] = []) =>
          ((await runner.query(sql, params, true)).records ?? []) as R[];
        const result = await fn(query);
        await runner.query('COMMIT');
        return result;
      } catch (err) {
        await runner.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        await runner.release();
      }
    });
  }

  /** On PGlite, one statement (or tenant transaction) at a time; on Postgres, the pool decides. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    if (this.kind !== 'pglite') return fn();
    const run = this.serial.then(fn, fn);
    this.serial = run.catch(() => undefined);
    return run;
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
