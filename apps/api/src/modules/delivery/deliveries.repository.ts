import type { Database } from '../database/database.js';
import { EVENT_COLUMNS, RAW_JSON, rowJson } from '../events/event-json.sql.js';

/** A delivery a worker has claimed (its lease runs until it records the attempt). */
export interface ClaimedDelivery {
  id: string;
  event_id: string;
  output_id: string;
  /** `resolve`: close the incident of the event's alert group instead of sending the event. */
  kind: 'event' | 'resolve';
  /** Including this one. */
  attempts: number;
  /** Seconds since the delivery was created. */
  age_s: number;
}

/** The result of one attempt, as the delivery log records it. */
export interface AttemptRecord {
  /** `acking`: accepted; delivered once the destination acknowledges `ackId` (by `ackInMs`). */
  outcome: 'delivered' | 'acking' | 'retry' | 'failed';
  durationMs: number;
  httpStatus: number | null;
  /** Already masked. */
  error: string | null;
  /** For `retry`: when to try again. */
  retryInMs?: number;
  ackId?: number;
  ackInMs?: number;
}

/** Deliveries of one output waiting for one ack id. */
export interface AckWait {
  ackId: number;
  deliveries: AckingDelivery[];
}

export interface AckingDelivery extends ClaimedDelivery {
  /** Past its deadline: sent again unless this poll acknowledges it. */
  expired: boolean;
  cluster: string | null;
  namespace: string | null;
}

/** An attempt of one delivery, and whether the delivery is dead after it. */
export interface RecordedAttempt {
  id: string;
  attempt: AttemptRecord;
  dead: boolean;
}

export class DeliveriesRepository {
  constructor(private readonly db: Database) {}

  /**
   * Claims up to `limit` due deliveries of `outputs`, oldest due first, by moving
   * their due time forward by the lease. SKIP LOCKED lets replicas claim side by side; a worker
   * that dies leaves its claims to be claimed again when the lease ends.
   */
  claim(
    limit: number,
    leaseSeconds: number,
    outputs: readonly string[],
  ): Promise<ClaimedDelivery[]> {
    return this.db.query<ClaimedDelivery>(
      `WITH c AS (
         SELECT id FROM deliveries
         WHERE status = 'pending' AND due_at <= now() AND output_id = ANY($3::uuid[])
         ORDER BY due_at LIMIT $1 FOR UPDATE SKIP LOCKED
       )
       UPDATE deliveries d SET due_at = now() + make_interval(secs => $2), attempts = d.attempts + 1
       FROM c WHERE d.id = c.id
       RETURNING d.id::text AS id, d.event_id, d.output_id, d.kind, d.attempts,
         extract(epoch FROM now() - d.created_at)::float8 AS age_s`,
      [limit, leaseSeconds, outputs],
    );
  }

  /** The events of claimed deliveries: their API JSON and their raw payload, exact. */
  async events(
    ids: readonly string[],
  ): Promise<Map<string, { eventJson: string; rawJson: string }>> {
    const rows = await this.db.query<{ id: string; j: string; raw: string }>(
      `SELECT e.id, ${rowJson(EVENT_COLUMNS)} AS j, (${RAW_JSON})::text AS raw
       FROM events e WHERE e.id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, { eventJson: r.j, rawJson: r.raw }]));
  }

  /**
   * Records attempts — one row of `delivery_attempts` each — and moves each delivery on: delivered,
   * due again later, or dead. One statement for all of them (one round trip, one commit).
   */
  async record(attempts: readonly RecordedAttempt[]): Promise<void> {
    if (attempts.length === 0) return;
    const column = <T>(f: (a: RecordedAttempt) => T) => attempts.map(f);
    await this.db.query(
      `WITH r AS (
         SELECT * FROM unnest($1::bigint[], $2::text[], $3::float8[], $4::int[], $5::text[],
           $6::int[], $7::text[], $8::bigint[], $9::float8[]) WITH ORDINALITY
           AS r(id, status, retry_s, http_status, error, duration_ms, outcome, ack_id, ack_s, n)
       ), u AS (
         UPDATE deliveries d SET status = r.status,
           due_at = CASE WHEN r.status = 'pending' THEN now() + make_interval(secs => r.retry_s)
             ELSE d.due_at END,
           finished_at = CASE WHEN r.status IN ('pending', 'acking') THEN NULL ELSE now() END,
           last_status = r.http_status, last_error = r.error, ack_id = r.ack_id,
           ack_deadline = now() + make_interval(secs => r.ack_s)
         FROM r WHERE d.id = r.id
       )
       INSERT INTO delivery_attempts (delivery_id, at, duration_ms, http_status, outcome, error)
       SELECT id, now(), duration_ms, http_status, outcome, error FROM r ORDER BY n`,
      [
        column((a) => a.id),
        column((a) =>
          a.attempt.outcome === 'delivered' || a.attempt.outcome === 'acking'
            ? a.attempt.outcome
            : a.dead
              ? 'dead'
              : 'pending',
        ),
        column((a) => (a.attempt.retryInMs ?? 0) / 1000),
        column((a) => a.attempt.httpStatus),
        column((a) => a.attempt.error),
        column((a) => Math.round(a.attempt.durationMs)),
        column((a) => a.attempt.outcome),
        column((a) => (a.attempt.outcome === 'acking' ? a.attempt.ackId : null)),
        column((a) => (a.attempt.outcome === 'acking' ? (a.attempt.ackInMs ?? 0) / 1000 : null)),
      ],
    );
  }

  /** The ack ids an output's `acking` deliveries wait for, oldest first (for one poll). */
  async ackWaits(outputId: string, limit: number): Promise<AckWait[]> {
    const rows = await this.db.query<AckingDelivery & { ack_id: string }>(
      `SELECT d.id::text AS id, d.event_id, d.output_id, d.kind, d.attempts,
         d.ack_id::text AS ack_id, extract(epoch FROM now() - d.created_at)::float8 AS age_s,
         d.ack_deadline <= now() AS expired, e.cluster, e.namespace
       FROM deliveries d LEFT JOIN events e ON e.id = d.event_id
       WHERE d.output_id = $1 AND d.status = 'acking'
         AND d.ack_id IN (SELECT DISTINCT ack_id FROM deliveries
           WHERE output_id = $1 AND status = 'acking' ORDER BY ack_id LIMIT $2)
       ORDER BY d.id`,
      [outputId, limit],
    );
    const waits = new Map<string, AckWait>();
    for (const { ack_id, ...row } of rows) {
      const wait = waits.get(ack_id) ?? { ackId: Number(ack_id), deliveries: [] };
      wait.deliveries.push(row);
      waits.set(ack_id, wait);
    }
    return [...waits.values()];
  }

  /**
   * The acknowledged deliveries are delivered: only those still `acking` (another replica's poll
   * may have timed them out meanwhile; they are then sent again, at least once). Returns their ids.
   */
  async acknowledged(ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.query<{ id: string }>(
      `UPDATE deliveries SET status = 'delivered', finished_at = now(), ack_id = NULL,
         ack_deadline = NULL
       WHERE id = ANY($1::bigint[]) AND status = 'acking'
       RETURNING id::text AS id`,
      [ids],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Claimed `resolve` deliveries whose output still owes an earlier trigger of the same alert
   * group are given back untried (a trigger sent after the resolve would open the incident
   * again): due when that trigger is, or in 5 s if sooner — a trigger being sent right now is due
   * only when its lease ends. Returns their ids. The check reads either the group's events or the
   * output's pending deliveries (the planner picks the fewer); resolves are rare.
   */
  async deferResolves(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db.query<{ id: string }>(
      `WITH w AS (
         SELECT r.id, (
           SELECT max(t.due_at) FROM deliveries t JOIN events te ON te.id = t.event_id
           WHERE t.output_id = r.output_id AND t.status = 'pending' AND t.kind = 'event'
             AND t.id < r.id AND te.group_id = re.group_id) AS until
         FROM deliveries r JOIN events re ON re.id = r.event_id
         WHERE r.id = ANY($1::bigint[]) AND r.kind = 'resolve'
       )
       UPDATE deliveries d SET attempts = d.attempts - 1,
         due_at = least(greatest(now(), w.until), now() + interval '5 seconds') + interval '1 second'
       FROM w WHERE d.id = w.id AND w.until IS NOT NULL AND d.status = 'pending'
       RETURNING d.id::text AS id`,
      [ids],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** Gives claimed deliveries back untried (their output is throttled or its circuit open). */
  async release(ids: readonly string[], inMs: number): Promise<void> {
    if (ids.length === 0) return;
    await this.db.query(
      `UPDATE deliveries SET attempts = attempts - 1, due_at = now() + make_interval(secs => $2)
       WHERE id = ANY($1::bigint[]) AND status = 'pending'`,
      [ids, inMs / 1000],
    );
  }

  /**
   * An output answered again after its circuit had opened: its deliveries waiting out a backoff
   * are due now, so a backlog drains at once instead of over the longest backoff (15 min).
   * `held`: the deliveries this worker has claimed (their due time is the lease, not a backoff:
   * made due, they would be claimed and sent twice).
   */
  async wake(outputId: string, held: readonly string[]): Promise<void> {
    await this.db.query(
      `UPDATE deliveries SET due_at = now()
       WHERE output_id = $1 AND status = 'pending' AND due_at > now() + interval '1 second'
         AND attempts > 0 AND id <> ALL($2::bigint[])`,
      [outputId, held],
    );
  }
}
