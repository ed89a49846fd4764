import { EventEmitter } from 'node:events';
import { PGlite, types, type Results } from '@electric-sql/pglite';

type Callback = (err: Error | null, result?: unknown) => void;

interface PgResult {
  rows: unknown[];
  rowCount: number;
  command?: string;
}

/**
 * A `pg`-shaped module over one PGlite instance, for TypeORM's `driver` option. Each call opens
 * its own instance (typeorm-pglite keeps one per process, so two databases in one process — as in
 * tests — would share it). PGlite has a single connection: the "pool" hands out that one.
 */
export function pgliteDriver(dataDir: string): { Pool: new () => EventEmitter } {
  let instance: Promise<PGlite> | undefined;
  const open = () =>
    (instance ??= PGlite.create({
      dataDir,
      // TypeORM sends booleans as true/false/1/0; PGlite's default serializer wants a boolean.
      serializers: {
        [types.BOOL]: (v: unknown) => (v === true || v === 'true' || v === 1 ? 't' : 'f'),
      },
    }));

  async function run(sql: string, params?: unknown[]): Promise<PgResult> {
    const db = await open();
    if (params && params.length > 0) return toPg(await db.query(sql, params));
    // Without parameters the text may hold several statements; TypeORM expects the last result.
    const all = await db.exec(sql);
    return toPg(all[all.length - 1] ?? { rows: [], fields: [] });
  }

  class Connection extends EventEmitter {
    query(sql: string, params?: unknown[] | Callback, cb?: Callback): Promise<PgResult> | void {
      const callback = typeof params === 'function' ? params : cb;
      const promise = run(sql, Array.isArray(params) ? params : undefined);
      if (!callback) return promise;
      promise.then(
        (r) => callback(null, r),
        (e: Error) => callback(e),
      );
    }
  }
  const connection = new Connection();

  class Pool extends EventEmitter {
    connect(cb: (err: Error | null, client: Connection | null, release: () => void) => void): void {
      open().then(
        () => cb(null, connection, () => undefined),
        (err: Error) => cb(err, null, () => undefined),
      );
    }
    query(sql: string, params?: unknown[] | Callback, cb?: Callback): Promise<PgResult> | void {
      return connection.query(sql, params, cb);
    }
    end(cb?: (err: Error | null) => void): void {
      const closing = instance ? instance.then((db) => db.close()) : Promise.resolve();
      instance = undefined;
      closing.then(
        () => cb?.(null),
        (err: Error) => cb?.(err),
      );
    }
  }
  return { Pool };
}

function toPg(result: Results): PgResult {
  return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
}
