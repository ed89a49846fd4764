import type { Logger } from 'pino';
import {
  BULK_FILTER_MAX,
  parseGroupFilter,
  type AlertGroup,
  type BulkUpdateGroups,
  type BulkUpdateResult,
  type GroupActivity,
  type GroupActivityPage,
  type Issue,
  type UpdateGroup,
} from '@aerie/contracts';
import { ApiError } from '../../shared/api-error.js';
import { actorOf, type Principal } from '../access/principal.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Bus } from '../bus/bus.js';
import type { EventsRepository } from '../events/events.repository.js';
import type { UsersRepository } from '../users/users.repository.js';
import type { ChangedGroup, GroupChange, TriageRepository } from './triage.repository.js';

/** Who asks, and from where (for the audit trail). */
export interface Caller {
  principal: Principal;
  ip: string;
}

/** Groups per `groups` bus message: a bulk change of thousands goes out in several. */
const BUS_CHUNK = 500;

/** What the delivery engine offers triage: where incidents are resolved, and a nudge. */
export interface IncidentResolver {
  /** Ids of the enabled outputs that close a resolved group's incident. */
  outputs(): readonly string[];
  /** Resolve deliveries were queued: the dispatcher polls at once. */
  queued(): void;
}

/**
 * Triage of alert groups: status, assignee, comments, bulk changes. Each change is one statement
 * (with its activity rows and PagerDuty resolves), then audited and put on the bus.
 */
export class TriageService {
  constructor(
    private readonly repo: TriageRepository,
    private readonly events: EventsRepository,
    private readonly users: UsersRepository,
    private readonly incidents: IncidentResolver,
    private readonly audit: AuditLog,
    private readonly bus: Bus,
    private readonly logger: Logger,
  ) {}

  /** 404 alike for a group that does not exist and one outside the caller's teams. */
  async get(principal: Principal, id: string): Promise<AlertGroup> {
    return found(await this.repo.get(principal.scope, id), id);
  }

  async activity(
    principal: Principal,
    id: string,
    limit: number,
    cursor?: string,
  ): Promise<GroupActivityPage> {
    return found(await this.repo.activity(principal.scope, id, limit, cursor), id);
  }

  async update(caller: Caller, id: string, input: UpdateGroup): Promise<AlertGroup> {
    const current = await this.get(caller.principal, id);
    const change = await this.checked(input, 'invalid_group');
    const [changed] = await this.apply(caller, [current.id], change);
    if (!changed) return current;
    const target = `group:${current.id}`;
    const { before, group } = changed;
    if (before.status !== group.status) {
      await this.record(
        caller,
        'group.status',
        target,
        { status: before.status },
        {
          status: group.status,
        },
      );
    }
    if (before.assignee !== group.assignee) {
      await this.record(
        caller,
        'group.assign',
        target,
        { assignee: before.assignee },
        {
          assignee: group.assignee,
        },
      );
    }
    return group;
  }

  async comment(caller: Caller, id: string, body: string): Promise<GroupActivity> {
    const { principal } = caller;
    await this.get(principal, id); // visible under row-level security, or 404
    const done = found(
      await this.repo.comment(principal.scope, id, activityActor(principal), body),
      id,
    );
    await this.record(caller, 'group.comment', `group:${id}`, null, {
      activity: done.activity.id,
      body,
    });
    this.publish([done.group]);
    return done.activity;
  }

  /**
   * A change to many groups: by id (those the caller cannot see are skipped, as if they did not
   * exist), or every group a filter selects within the caller's scope — refused whole past
   * BULK_FILTER_MAX, so a request never half applies.
   */
  async bulk(caller: Caller, input: BulkUpdateGroups): Promise<BulkUpdateResult> {
    const { principal } = caller;
    const change = await this.checked(input, 'invalid_bulk');
    let ids: string[];
    if (input.ids) {
      ids = await this.repo.visible(principal.scope, [...new Set(input.ids)]);
    } else {
      const parsed = parseGroupFilter(input.filter ?? {});
      if (!parsed.ok) throw ApiError.invalid('invalid_bulk', prefixed('filter', parsed.issues));
      ids = await this.events.groupIds(principal.scope, parsed.value, BULK_FILTER_MAX + 1);
      if (ids.length > BULK_FILTER_MAX) {
        throw ApiError.invalid('invalid_bulk', [
          {
            field: 'filter',
            message: `selects more than ${BULK_FILTER_MAX} groups; narrow it (by status, time, namespace…) and repeat`,
          },
        ]);
      }
    }
    const changed = await this.apply(caller, ids, change);
    await this.record(caller, 'group.bulk', 'groups', null, {
      ...(input.ids ? { ids: input.ids } : { filter: input.filter }),
      ...change,
      updated: changed.length,
    });
    return { updated: changed.length };
  }

  /** Groups a committed ingest batch reopened: on the bus as they are now. */
  reopened(ids: readonly string[]): void {
    this.repo.byIds(ids).then(
      (groups) => this.publish(groups),
      (err: unknown) =>
        // A missed nudge loses nothing: the REST API has the reopened groups.
        this.logger.warn({ err, groups: ids.length }, 'triage: could not publish reopened groups'),
    );
  }

  /** Writes a change (and resolves incidents), then tells the bus. */
  private async apply(
    caller: Caller,
    ids: readonly string[],
    change: GroupChange,
  ): Promise<ChangedGroup[]> {
    const resolveAt = change.status === 'resolved' ? this.incidents.outputs() : [];
    const changed = await this.repo.change(
      caller.principal.scope,
      ids,
      change,
      activityActor(caller.principal),
      resolveAt,
    );
    if (resolveAt.length > 0 && changed.some((c) => c.before.status !== 'resolved')) {
      this.incidents.queued();
    }
    this.publish(changed.map((c) => c.group));
    return changed;
  }

  /** The assignee must be an enabled user: 400 naming the field otherwise. */
  private async checked(
    input: { status?: GroupChange['status']; assignee?: GroupChange['assignee'] },
    code: string,
  ): Promise<GroupChange> {
    if (typeof input.assignee === 'string' && !(await this.users.isEnabled(input.assignee))) {
      throw ApiError.invalid(code, [
        { field: 'assignee', message: `${JSON.stringify(input.assignee)} is not an enabled user` },
      ]);
    }
    return {
      ...(input.status !== undefined ? { status: input.status } : {}),
      ...(input.assignee !== undefined ? { assignee: input.assignee } : {}),
    };
  }

  private publish(groups: readonly AlertGroup[]): void {
    for (let i = 0; i < groups.length; i += BUS_CHUNK) {
      this.bus.emit('groups', { groups: groups.slice(i, i + BUS_CHUNK) });
    }
  }

  private record(
    caller: Caller,
    action: string,
    target: string,
    before: unknown,
    after: unknown,
  ): Promise<void> {
    return this.audit.append({
      actor: actorOf(caller.principal),
      action,
      target,
      sourceIp: caller.ip,
      before,
      after,
    });
  }
}

/** How the history names who did it: the username, or `token:<name>`. */
function activityActor(p: Principal): string {
  return p.kind === 'user' ? p.name : `token:${p.name}`;
}

function found<T>(value: T | undefined, id: string): T {
  if (value === undefined)
    throw new ApiError(404, 'not_found', `no alert group with id ${JSON.stringify(id)}`);
  return value;
}

function prefixed(prefix: string, issues: Issue[]): Issue[] {
  return issues.map((i) => ({ field: `${prefix}.${i.field}`, message: i.message }));
}
