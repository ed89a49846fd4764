import type { Database } from '../database/database.js';
import { ISO } from '../events/event-json.sql.js';

export const DELIVERY_STATUSES = ['pending', 'acking', 'delivered', 'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
/** What the list filters on: a status, or `failed` — still pending after a failed attempt. */
export const DELIVERY_FILTERS = [...DELIVERY_STATUSES, 'failed'] as const;
export type DeliveryFilter = (typeof DELIVERY_FILTERS)[number];

/** One delivery as the API shows it, with its attempts when asked. */
export interface DeliveryView {
  id: string;
  event_id: string;
  output: string;
  /** `event`: the event itself; `resolve`: closing its alert group's incident (triage). */
  kind: 'event' | 'resolve';
  status: DeliveryStatus;
  attempts: number;
  created_at: string;
  due_at: string | null;
  finished_at: string | null;
  last_status: number | null;
  last_error: string | null;
}

export interface AttemptView {
  at: string;
  duration_ms: number;
  http_status: number | null;
  outcome: 'delivered' | 'acking' | 'retry' | 'failed';
  error: string | null;
}

/** Health of one output, from its deliveries. */
export interface OutputHealth {
  id: string;
  pending: number;
  dead: number;
  delivered: number;
  oldest_pending_at: string | null;
  last_success_at: string | null;
  last_error: string | null;
  last_error_at: string | null;
}

const VIEW = `d.id::text AS id, d.event_id, o.name AS output, d.kind, d.status, d.attempts,
  ${ISO('d.created_at')} AS created_at,
  CASE WHEN d.status = 'pending' THEN ${ISO('d.due_at')} END AS due_at,
  ${ISO('d.finished_at')} AS finished_at, d.last_status, d.last_error`;

/** Reads of the delivery log, and replays. */
export class DeliveryLogRepository {
  constructor(private readonly db: Database) {}

  async health(): Promise<Map<string, OutputHealth>> {
    const rows = await this.db.query<OutputHealth>(
      `SELECT o.id,
         (SELECT count(*)::int FROM deliveries d WHERE d.output_id = o.id AND d.status = 'pending') AS pending,
         (SELECT count(*)::int FROM deliveries d WHERE d.output_id = o.id AND d.status = 'dead') AS dead,
         (SELECT count(*)::int FROM deliveries d WHERE d.output_id = o.id AND d.status = 'delivered') AS delivered,
         (SELECT ${ISO('min(d.created_at)')} FROM deliveries d WHERE d.output_id = o.id AND d.status = 'pending') AS oldest_pending_at,
         (SELECT ${ISO('max(d.finished_at)')} FROM deliveries d WHERE d.output_id = o.id AND d.status = 'delivered') AS last_success_at,
         e.error AS last_error, ${ISO('e.at')} AS last_error_at
       FROM outputs o
       LEFT JOIN LATERAL (
         SELECT a.error, a.at FROM deliveries d JOIN delivery_attempts a ON a.delivery_id = d.id
         WHERE d.output_id = o.id AND a.error IS NOT NULL ORDER BY a.id DESC LIMIT 1
       ) e ON true`,
    );
    return new Map(rows.map((r) => [r.id, r]));
  }

  /** Newest first; `before`: the last id of the previous page. */
  list(filter: {
    status?: DeliveryFilter | undefined;
    output?: string | undefined;
    limit: number;
    before?: string | undefined;
  }): Promise<DeliveryView[]> {
    return this.db.query<DeliveryView>(
      `SELECT ${VIEW} FROM deliveries d JOIN outputs o ON o.id = d.output_id
       WHERE ($1::text IS NULL OR d.status = $1
           OR ($1 = 'failed' AND d.status = 'pending' AND d.last_error IS NOT NULL))
         AND ($2::text IS NULL OR o.name = $2)
         AND ($3::bigint IS NULL OR d.id < $3)
       ORDER BY d.id DESC LIMIT $4`,
      [filter.status ?? null, filter.output ?? null, filter.before ?? null, filter.limit],
    );
  }

  async forEvent(eventId: string): Promise<Array<DeliveryView & { attempts_log: AttemptView[] }>> {
    return this.db.query(
      `SELECT ${VIEW},
         coalesce((SELECT json_agg(json_build_object('at', ${ISO('a.at')}, 'duration_ms', a.duration_ms,
           'http_status', a.http_status, 'outcome', a.outcome, 'error', a.error) ORDER BY a.id)
           FROM delivery_attempts a WHERE a.delivery_id = d.id), '[]') AS attempts_log
       FROM deliveries d JOIN outputs o ON o.id = d.output_id
       WHERE d.event_id = $1::uuid ORDER BY o.name`,
      [eventId],
    );
  }

  /**
   * Sends dead deliveries again, with a fresh attempt budget: one by id, or all dead ones (of an
   * output). Returns how many were requeued.
   */
  async replay(target: { id: string } | { output?: string | undefined }): Promise<number> {
    const rows = await this.db.query<{ id: string }>(
      `UPDATE deliveries d SET status = 'pending', attempts = 0, due_at = now(), finished_at = NULL
       FROM outputs o
       WHERE o.id = d.output_id AND d.status = 'dead'
         AND ($1::bigint IS NULL OR d.id = $1) AND ($2::text IS NULL OR o.name = $2)
       RETURNING d.id`,
      'id' in target ? [target.id, null] : [null, target.output ?? null],
    );
    return rows.length;
  }
}
