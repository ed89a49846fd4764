import type { AlertGroup, GroupActivity, GroupActivityPage, GroupStatus } from '@aerie/contracts';
import { scopeCondition, scopePatterns, type TenantScope } from '../access/tenant-scope.js';
import type { Database, Query } from '../database/database.js';
import { decodeCursor, encodeCursor } from '../events/cursor.js';
import { GROUP_COLUMNS, ISO, rowJson } from '../events/event-json.sql.js';
import { SqlParams } from '../events/sql-params.js';
import { ApiError } from '../../shared/api-error.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One activity row (`a`: a group_activity alias) as GroupActivitySchema. */
const ACTIVITY_COLUMNS = (a: string) => `${a}.id::text AS id, ${ISO(`${a}.at`)} AS at,
  ${a}.actor, ${a}.kind, ${a}.body, ${a}.from_value AS "from", ${a}.to_value AS "to"`;

export interface GroupChange {
  status?: GroupStatus | undefined;
  /** null unassigns; undefined leaves it. */
  assignee?: string | null | undefined;
}

/** A group a change applied to: as it is now, and what it was. */
export interface ChangedGroup {
  group: AlertGroup;
  before: { status: GroupStatus; assignee: string | null };
}

/**
 * Alert groups' triage state and history. Reads run with the reader's scope twice (the WHERE
 * condition, and row-level security for teams: ADR 0004); writes run as the owner (the tenant
 * role cannot write) with the scope condition, after the caller checked under row-level security
 * which of the groups it may see.
 */
export class TriageRepository {
  constructor(private readonly db: Database) {}

  /** One group with its all-time totals, or undefined (also when outside the scope). */
  async get(scope: TenantScope, id: string): Promise<AlertGroup | undefined> {
    if (!UUID.test(id)) return undefined;
    const rows = await this.read(scope, (db) => {
      const p = new SqlParams();
      const where = [`g.id = ${p.add(id, 'uuid')}`, scopeCondition(scope, p, 'g')];
      return db<{ j: string }>(
        `SELECT ${rowJson(GROUP_COLUMNS('g'))} AS j FROM alert_groups g
         WHERE ${where.filter(Boolean).join(' AND ')}`,
        p.values,
      );
    });
    return rows[0] ? (JSON.parse(rows[0].j) as AlertGroup) : undefined;
  }

  /** Which of `ids` the scope may see (row-level security re-checks each one). */
  async visible(scope: TenantScope, ids: readonly string[]): Promise<string[]> {
    const rows = await this.read(scope, (db) => {
      const p = new SqlParams();
      const where = [`g.id = ANY(${p.add(ids, 'uuid[]')})`, scopeCondition(scope, p, 'g')];
      return db<{ id: string }>(
        `SELECT g.id FROM alert_groups g WHERE ${where.filter(Boolean).join(' AND ')}`,
        p.values,
      );
    });
    return rows.map((r) => r.id);
  }

  /** Groups by id as the API shows them, whoever may see them (for the bus, which filters). */
  async byIds(ids: readonly string[]): Promise<AlertGroup[]> {
    const rows = await this.db.query<{ j: string }>(
      `SELECT ${rowJson(GROUP_COLUMNS('g'))} AS j FROM alert_groups g WHERE g.id = ANY($1::uuid[])
       ORDER BY g.last_seen DESC`,
      [ids],
    );
    return rows.map((r) => JSON.parse(r.j) as AlertGroup);
  }

  /** A group's comments and changes, oldest first; undefined when the group is not visible. */
  async activity(
    scope: TenantScope,
    id: string,
    limit: number,
    cursor?: string,
  ): Promise<GroupActivityPage | undefined> {
    if (!UUID.test(id)) return undefined;
    const after = cursor === undefined ? undefined : decodeCursor(cursor, 'asc', 'seq');
    if (after?.t === '') throw badCursor();
    return this.read(scope, async (db) => {
      const p = new SqlParams();
      const groupWhere = [`g.id = ${p.add(id, 'uuid')}`, scopeCondition(scope, p, 'g')];
      const found = await db(
        `SELECT 1 FROM alert_groups g WHERE ${groupWhere.filter(Boolean).join(' AND ')}`,
        p.values,
      );
      if (found.length === 0) return undefined;
      const q = new SqlParams();
      const where = [`a.group_id = ${q.add(id, 'uuid')}`];
      if (after) {
        where.push(
          `(a.at, a.id) > (${q.add(after.t, 'timestamptz')}, ${q.add(String(after.k), 'bigint')})`,
        );
      }
      const rows = await db<{ j: string; t: string; k: string | number }>(
        `SELECT ${rowJson(ACTIVITY_COLUMNS('a'))} AS j, ${ISO('a.at')} AS t, a.id AS k
         FROM group_activity a WHERE ${where.join(' AND ')}
         ORDER BY a.at, a.id LIMIT ${q.add(limit + 1, 'int')}`,
        q.values,
      );
      const items = rows.slice(0, limit);
      const last = items[items.length - 1];
      return {
        items: items.map((r) => JSON.parse(r.j) as GroupActivity),
        next_cursor:
          rows.length > limit && last
            ? encodeCursor({ t: last.t, k: Number(last.k), o: 'asc' })
            : null,
      };
    });
  }

  /**
   * Applies `change` to the groups of `ids` inside the scope, in one statement: the groups
   * (locked in the order ingest locks them), an activity row per changed value, and — for each
   * group that becomes resolved — a `resolve` outbox row per output of `resolveAt`, referencing
   * the group's latest event. Groups already so are left alone and not returned.
   */
  async change(
    scope: TenantScope,
    ids: readonly string[],
    change: GroupChange,
    actor: string,
    resolveAt: readonly string[],
  ): Promise<ChangedGroup[]> {
    if (ids.length === 0) return [];
    const p = new SqlParams();
    const idList = p.add(ids, 'uuid[]');
    const status = p.add(change.status ?? null, 'text');
    const setAssignee = p.add(change.assignee !== undefined, 'boolean');
    const assignee = p.add(change.assignee ?? null, 'text');
    const who = p.add(actor, 'text');
    const outputs = p.add(resolveAt, 'uuid[]');
    const tenant = scopeCondition(scope, p, 'ag');
    const statusChanges = (t: string) => `(${status} IS NOT NULL AND ${t}.status <> ${status})`;
    const assigneeChanges = (t: string) =>
      `(${setAssignee} AND ${t}.assignee IS DISTINCT FROM ${assignee})`;
    const rows = await deadlockRetried(() =>
      this.db.query<{
        j: string;
        old_status: GroupStatus;
        old_assignee: string | null;
      }>(
        `WITH target AS MATERIALIZED (
         SELECT ag.id, ag.status, ag.assignee FROM alert_groups ag
         WHERE ag.id = ANY(${idList}) ${tenant ? `AND ${tenant}` : ''}
           AND (${statusChanges('ag')} OR ${assigneeChanges('ag')})
         ORDER BY ag.fingerprint FOR UPDATE
       ),
       u AS (
         UPDATE alert_groups ag SET
           status = coalesce(${status}, ag.status),
           status_changed_at = CASE WHEN ${statusChanges('ag')} THEN now()
             ELSE ag.status_changed_at END,
           status_changed_by = CASE WHEN ${statusChanges('ag')} THEN ${who}
             ELSE ag.status_changed_by END,
           assignee = CASE WHEN ${setAssignee} THEN ${assignee} ELSE ag.assignee END
         FROM target t WHERE ag.id = t.id
         RETURNING ag.*
       ),
       a AS (
         INSERT INTO group_activity (group_id, at, actor, kind, from_value, to_value)
         SELECT t.id, now(), ${who}, k.kind, k.from_value, k.to_value
         FROM target t CROSS JOIN LATERAL (VALUES
           ('status', t.status, ${status}, ${statusChanges('t')}),
           ('assignee', t.assignee, ${assignee}, ${assigneeChanges('t')})
         ) AS k(kind, from_value, to_value, changed)
         WHERE k.changed
       ),
       d AS (
         INSERT INTO deliveries (event_id, output_id, status, due_at, created_at, kind)
         SELECT last.id, o.id, 'pending', now(), now(), 'resolve'
         FROM target t
         CROSS JOIN LATERAL (
           SELECT e.id FROM events e WHERE e.group_id = t.id
           ORDER BY e.event_time DESC, e.seq DESC LIMIT 1
         ) last
         JOIN outputs o ON o.id = ANY(${outputs}) AND o.enabled
         WHERE ${status} = 'resolved' AND t.status <> 'resolved'
       )
       SELECT ${rowJson(GROUP_COLUMNS('u'))} AS j, t.status AS old_status,
         t.assignee AS old_assignee
       FROM u JOIN target t ON t.id = u.id
       ORDER BY u.last_seen DESC`,
        p.values,
      ),
    );
    return rows.map((r) => ({
      group: JSON.parse(r.j) as AlertGroup,
      before: { status: r.old_status, assignee: r.old_assignee },
    }));
  }

  /** Adds a comment to a group inside the scope; undefined when there is none. */
  async comment(
    scope: TenantScope,
    id: string,
    actor: string,
    body: string,
  ): Promise<{ group: AlertGroup; activity: GroupActivity } | undefined> {
    const p = new SqlParams();
    const where = [`ag.id = ${p.add(id, 'uuid')}`, scopeCondition(scope, p, 'ag')];
    const rows = await this.db.query<{ j: string; a: string }>(
      `WITH u AS (
         UPDATE alert_groups ag SET comment_count = ag.comment_count + 1
         WHERE ${where.filter(Boolean).join(' AND ')}
         RETURNING ag.*
       ),
       a AS (
         INSERT INTO group_activity (group_id, at, actor, kind, body)
         SELECT u.id, now(), ${p.add(actor, 'text')}, 'comment', ${p.add(body, 'text')} FROM u
         RETURNING *
       )
       SELECT ${rowJson(GROUP_COLUMNS('u'))} AS j, ${rowJson(ACTIVITY_COLUMNS('a'))} AS a
       FROM u CROSS JOIN a`,
      p.values,
    );
    const row = rows[0];
    return row
      ? { group: JSON.parse(row.j) as AlertGroup, activity: JSON.parse(row.a) as GroupActivity }
      : undefined;
  }

  /** Admins read directly; teams inside a transaction where row-level security applies. */
  private read<T>(scope: TenantScope, fn: (db: Query) => Promise<T>): Promise<T> {
    if (scope.all) return fn((sql, params) => this.db.query(sql, params));
    return this.db.asTenant(scopePatterns(scope), fn);
  }
}

const DEADLOCK = new Set(['40001', '40P01']);

/**
 * Ingest locks a batch's resolved groups before the rest of them (to reopen them), so a bulk
 * change locking many groups can deadlock with it; Postgres then aborts one statement, and the
 * change, all or nothing, is simply run again.
 */
async function deadlockRetried<T>(run: () => Promise<T>, attempt = 1): Promise<T> {
  try {
    return await run();
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (attempt < 3 && typeof code === 'string' && DEADLOCK.has(code))
      return deadlockRetried(run, attempt + 1);
    throw err;
  }
}

function badCursor(): ApiError {
  return ApiError.invalid('invalid_query', [
    { field: 'cursor', message: 'is not a cursor returned by this API' },
  ]);
}
