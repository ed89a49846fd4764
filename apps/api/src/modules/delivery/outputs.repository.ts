import { randomUUID } from 'node:crypto';
import type { Database } from '../database/database.js';
import { ISO } from '../events/event-json.sql.js';
import type { OutputDefinition } from './output-definition.js';

/** An output row: the definition with its settings as stored (secrets sealed). */
export interface StoredOutput {
  id: string;
  name: string;
  type: string;
  enabled: boolean;
  origin: 'config' | 'api';
  config: Record<string, unknown>;
  route: Record<string, unknown>;
  delivery: OutputDefinition['delivery'];
  updated_at: string;
}

export class OutputsRepository {
  constructor(private readonly db: Database) {}

  list(): Promise<StoredOutput[]> {
    return this.db.query<StoredOutput>(
      `SELECT id, name, type, enabled, origin, config, route, delivery,
         ${ISO('updated_at')} AS updated_at
       FROM outputs ORDER BY name`,
    );
  }

  /**
   * Writes the YAML config's outputs (by name; `seal` turns settings into their stored form for
   * an id) and disables config outputs no longer in it — disabled, not deleted, so their pending
   * and dead deliveries stay visible and replayable.
   */
  async syncFromConfig(
    outputs: readonly OutputDefinition[],
    seal: (id: string, o: OutputDefinition) => Record<string, unknown>,
  ): Promise<void> {
    const existing = new Map((await this.list()).map((o) => [o.name, o]));
    for (const o of outputs) {
      const id = existing.get(o.name)?.id ?? randomUUID();
      await this.db.query(
        `INSERT INTO outputs
           (id, name, type, config, route, delivery, enabled, origin, created_at, updated_at)
         VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6::jsonb, $7, 'config', now(), now())
         ON CONFLICT (name) DO UPDATE SET type = excluded.type, config = excluded.config,
           route = excluded.route, delivery = excluded.delivery, enabled = excluded.enabled,
           origin = 'config', updated_at = now()`,
        [
          id,
          o.name,
          o.type,
          JSON.stringify(seal(id, o)),
          JSON.stringify(o.route),
          JSON.stringify(o.delivery),
          o.enabled,
        ],
      );
    }
    await this.db.query(
      `UPDATE outputs SET enabled = false, updated_at = now()
       WHERE origin = 'config' AND enabled AND NOT (name = ANY($1::text[]))`,
      [outputs.map((o) => o.name)],
    );
  }

  async get(name: string): Promise<StoredOutput | undefined> {
    return (await this.list()).find((o) => o.name === name);
  }

  /** Undefined when the name is taken. */
  async create(
    id: string,
    def: OutputDefinition,
    config: Record<string, unknown>,
  ): Promise<boolean> {
    const rows = await this.db.query(
      `INSERT INTO outputs
         (id, name, type, config, route, delivery, enabled, origin, created_at, updated_at)
       VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6::jsonb, $7, 'api', now(), now())
       ON CONFLICT (name) DO NOTHING RETURNING id`,
      [
        id,
        def.name,
        def.type,
        JSON.stringify(config),
        JSON.stringify(def.route),
        JSON.stringify(def.delivery),
        def.enabled,
      ],
    );
    return rows.length === 1;
  }

  async update(id: string, def: OutputDefinition, config: Record<string, unknown>): Promise<void> {
    await this.db.query(
      `UPDATE outputs SET config = $2::jsonb, route = $3::jsonb, delivery = $4::jsonb,
         enabled = $5, updated_at = now() WHERE id = $1`,
      [
        id,
        JSON.stringify(config),
        JSON.stringify(def.route),
        JSON.stringify(def.delivery),
        def.enabled,
      ],
    );
  }

  /** Deletes an output and, with it, its deliveries. */
  async delete(id: string): Promise<void> {
    await this.db.query(`DELETE FROM outputs WHERE id = $1`, [id]);
  }
}
