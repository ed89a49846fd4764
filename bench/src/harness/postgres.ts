import pg from 'pg';
import { onCleanup } from './cleanup.js';

/**
 * Databases of one benchmark run on the local server: created fresh, dropped at cleanup.
 * Names are generated here (bench_<pid>_<label>), never taken from input, so they are safe in SQL.
 */
export class BenchDatabases {
  private readonly admin: pg.Client;

  private constructor(private readonly serverUrl: URL) {
    this.admin = new pg.Client({ connectionString: this.url('postgres') });
  }

  /** `serverUrl` is a postgres:// URL of the server; its database part is ignored. */
  static async connect(serverUrl: string): Promise<BenchDatabases> {
    const dbs = new BenchDatabases(new URL(serverUrl));
    await dbs.admin.connect();
    onCleanup(() => dbs.admin.end());
    return dbs;
  }

  url(database: string): string {
    const u = new URL(this.serverUrl);
    u.pathname = `/${database}`;
    return u.toString();
  }

  /** Creates an empty database, or a copy of `template` (which must have no connections). */
  async create(label: string, template?: string): Promise<string> {
    const name = `bench_${process.pid}_${label.replace(/\W/g, '')}`;
    await this.admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    onCleanup(() => this.drop(name));
    const from = template ? ` TEMPLATE ${template}` : '';
    // A just-stopped client may still be disconnecting from the template: retry briefly.
    for (let attempt = 1; ; attempt++) {
      try {
        await this.admin.query(`CREATE DATABASE ${name}${from}`);
        return name;
      } catch (err) {
        if (attempt >= 20 || !/being accessed by other users/.test(String(err))) throw err;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  }

  async drop(name: string): Promise<void> {
    await this.admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }

  async countEvents(database: string): Promise<number> {
    const client = new pg.Client({ connectionString: this.url(database) });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM events');
      return Number(rows[0]?.n ?? 0);
    } finally {
      await client.end();
    }
  }

  /** Waits until the row count stops moving (in-flight batches committed), at most `timeoutMs`. */
  async settledCount(database: string, timeoutMs = 15_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    let last = await this.countEvents(database);
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      const now = await this.countEvents(database);
      if (now === last) return now;
      last = now;
    }
    return last;
  }

  /** Flushes dirty pages now so a checkpoint does not land in the middle of the next run. */
  async checkpoint(): Promise<void> {
    await this.admin.query('CHECKPOINT');
  }

  /** A server setting, for the report. */
  async setting(name: string): Promise<string> {
    const { rows } = await this.admin.query<{ v: string }>('SELECT current_setting($1) AS v', [
      name,
    ]);
    return rows[0]?.v ?? '';
  }
}
