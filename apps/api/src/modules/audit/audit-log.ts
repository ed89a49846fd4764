import { createHash } from 'node:crypto';
import type { Database } from '../database/database.js';

/** Serializes appends so the chain stays a line even with several replicas. */
const AUDIT_LOCK = 0x4165726967;

export interface AuditRecord {
  /** `token:<id>`, `cli`. */
  actor: string;
  /** `token.create`, `token.update`, `token.revoke`, `auth.denied`. */
  action: string;
  target?: string | null;
  sourceIp?: string | null;
  before?: unknown;
  after?: unknown;
}

export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  source_ip: string | null;
  before: unknown;
  after: unknown;
  hash: string;
}

export type ChainCheck =
  | { ok: true; entries: number; head: string | null }
  | { ok: false; entries: number; brokenAt: number; reason: string };

/**
 * Append-only, hash-chained audit log. hash = SHA-256(previous hash ‖ entry), where `entry` is
 * the canonical JSON of the record; the database computes it in the same statement that takes
 * the lock and reads the previous hash, so concurrent appends cannot fork the chain.
 */
export class AuditLog {
  constructor(private readonly db: Database) {}

  async append(record: AuditRecord): Promise<void> {
    const at = new Date().toISOString();
    const entry = JSON.stringify({
      at,
      actor: record.actor,
      action: record.action,
      target: record.target ?? null,
      source_ip: record.sourceIp ?? null,
      before: record.before ?? null,
      after: record.after ?? null,
    });
    await this.db.query(
      `WITH lock AS MATERIALIZED (SELECT pg_advisory_xact_lock(${AUDIT_LOCK}) AS locked),
       prev AS (SELECT a.hash FROM audit_log a, lock ORDER BY a.seq DESC LIMIT 1)
       INSERT INTO audit_log (at, actor, action, target, source_ip, entry, prev_hash, hash)
       SELECT $1::timestamptz, $2, $3, $4, $5, $6, p.hash,
              sha256(coalesce(p.hash, ''::bytea) || convert_to($6, 'UTF8'))
       FROM lock LEFT JOIN prev p ON true`,
      [at, record.actor, record.action, record.target ?? null, record.sourceIp ?? null, entry],
    );
  }

  /** Newest first, keyset-paginated by seq; `filter` keeps one actor's and/or one action's. */
  async list(
    limit: number,
    beforeSeq?: number,
    filter: { actor?: string | undefined; action?: string | undefined } = {},
  ): Promise<AuditEntry[]> {
    const rows = await this.db.query<{
      seq: string | number;
      entry: string;
      hash: Buffer | Uint8Array;
    }>(
      `SELECT seq, entry, hash FROM audit_log
       WHERE ($2::bigint IS NULL OR seq < $2) AND ($3::text IS NULL OR actor = $3)
         AND ($4::text IS NULL OR action = $4)
       ORDER BY seq DESC LIMIT $1`,
      [limit, beforeSeq ?? null, filter.actor ?? null, filter.action ?? null],
    );
    return rows.map((r) => {
      const e = JSON.parse(r.entry) as Omit<AuditEntry, 'seq' | 'hash'>;
      return { seq: Number(r.seq), ...e, hash: Buffer.from(r.hash).toString('hex') };
    });
  }

  /**
   * The SIEM feed (oldest first): entries after `afterSeq`, at most `limit`, and the newest seq
   * in the same snapshot. Appends draw their seq under AUDIT_LOCK, so seq order is commit order
   * and nothing can still appear below the head (docs/adr/0008-siem-cursor.md).
   */
  async after(
    afterSeq: number,
    limit: number,
    filter: { actor?: string | undefined; action?: string | undefined } = {},
  ): Promise<{ entries: AuditEntry[]; head: number }> {
    const rows = await this.db.query<{
      seq: string | number | null;
      entry: string | null;
      hash: Buffer | Uint8Array | null;
      head: string | number | null;
    }>(
      `SELECT a.seq, a.entry, a.hash, h.head
       FROM (SELECT max(seq) AS head FROM audit_log) h
       LEFT JOIN LATERAL (
         SELECT seq, entry, hash FROM audit_log
         WHERE seq > $1 AND ($3::text IS NULL OR actor = $3) AND ($4::text IS NULL OR action = $4)
         ORDER BY seq LIMIT $2
       ) a ON true
       ORDER BY a.seq`,
      [afterSeq, limit, filter.actor ?? null, filter.action ?? null],
    );
    const entries = rows.flatMap((r) => {
      if (r.seq === null || r.entry === null || r.hash === null) return [];
      const e = JSON.parse(r.entry) as Omit<AuditEntry, 'seq' | 'hash'>;
      return [{ seq: Number(r.seq), ...e, hash: Buffer.from(r.hash).toString('hex') }];
    });
    return { entries, head: Number(rows[0]?.head ?? 0) };
  }

  /** The newest entry of one action (e.g. the last `config.apply`), or null if there is none. */
  async latest(action: string): Promise<AuditEntry | null> {
    const [row] = await this.db.query<{
      seq: string | number;
      entry: string;
      hash: Buffer | Uint8Array;
    }>(`SELECT seq, entry, hash FROM audit_log WHERE action = $1 ORDER BY seq DESC LIMIT 1`, [
      action,
    ]);
    if (!row) return null;
    const e = JSON.parse(row.entry) as Omit<AuditEntry, 'seq' | 'hash'>;
    return { seq: Number(row.seq), ...e, hash: Buffer.from(row.hash).toString('hex') };
  }

  /** Recomputes the whole chain: an edited, inserted or removed row shows as the first break. */
  async verify(): Promise<ChainCheck> {
    const rows = await this.db.query<{
      seq: string | number;
      entry: string;
      prev_hash: Buffer | Uint8Array | null;
      hash: Buffer | Uint8Array;
    }>(`SELECT seq, entry, prev_hash, hash FROM audit_log ORDER BY seq`);
    let previous: Buffer | null = null;
    for (const [i, row] of rows.entries()) {
      const seq = Number(row.seq);
      const prev = row.prev_hash ? Buffer.from(row.prev_hash) : null;
      if ((prev === null) !== (previous === null) || (prev && previous && !prev.equals(previous))) {
        return {
          ok: false,
          entries: i,
          brokenAt: seq,
          reason: 'does not follow the entry before it (one was removed or changed)',
        };
      }
      const expected: Buffer = createHash('sha256')
        .update(Buffer.concat([previous ?? Buffer.alloc(0), Buffer.from(row.entry, 'utf8')]))
        .digest();
      if (!expected.equals(Buffer.from(row.hash))) {
        return {
          ok: false,
          entries: i,
          brokenAt: seq,
          reason: 'its content does not match its hash (edited)',
        };
      }
      previous = expected;
    }
    return { ok: true, entries: rows.length, head: previous ? previous.toString('hex') : null };
  }
}
