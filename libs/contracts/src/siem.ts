import { z } from 'zod';
import { AuditEntrySchema } from './audit.js';
import { parseDuration } from './duration.js';
import type { Issue } from './errors.js';
import { StoredEventSchema } from './event.js';
import { parseEventFilter, type EventFilter, type Parsed, type RawQuery } from './query.js';

/**
 * The pull API for SIEMs (`/api/v1/siem/*`, docs/siem.md): pages in commit order behind an opaque
 * cursor that never skips or repeats an event (docs/adr/0008-siem-cursor.md).
 */

/** `aerie`: the event as `GET /api/v1/events` returns it; `ecs`: Elastic Common Schema; `ocsf`: OCSF Detection Finding. */
export const SIEM_FORMATS = ['aerie', 'ecs', 'ocsf'] as const;
export type SiemFormat = (typeof SIEM_FORMATS)[number];

export const SIEM_DEFAULT_LIMIT = 1000;
export const SIEM_MAX_LIMIT = 10_000;
/** Heartbeat period of `GET /api/v1/siem/stream` when none is asked for, and its bounds. */
export const SIEM_HEARTBEAT_MS = { default: 15_000, min: 1_000, max: 300_000 } as const;

/** A named consumer: letters, digits, `.`, `_`, `-`; its checkpoint is kept per credential. */
export const ConsumerNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,100}$/, 'must be 1–100 letters, digits, ".", "_" or "-"');

/** Where a page starts: after `cursor`, else after the consumer's checkpoint, else at the oldest event. */
export interface SiemPosition {
  cursor?: string;
  consumer?: string;
  limit: number;
}

export interface SiemEventsQuery extends SiemPosition {
  filter: EventFilter;
  format: SiemFormat;
}

export interface SiemStreamQuery extends Omit<SiemEventsQuery, 'limit'> {
  heartbeatMs: number;
}

export interface SiemAuditQuery extends SiemPosition {
  /** Exact matches, as in `GET /api/v1/audit`. */
  actor?: string;
  action?: string;
}

const POSITION_KEYS = ['cursor', 'consumer', 'limit'];
const LimitSchema = z.coerce.number().int().min(1).max(SIEM_MAX_LIMIT);

function single(raw: RawQuery, key: string, issues: Issue[]): string | undefined {
  const v = raw[key];
  const all = v === undefined ? [] : Array.isArray(v) ? v : [v];
  if (all.length > 1) issues.push({ field: key, message: 'must be given once' });
  const s = all[0]?.trim();
  return s === '' ? undefined : s;
}

function position(raw: RawQuery, issues: Issue[]): SiemPosition {
  let limit = SIEM_DEFAULT_LIMIT;
  const limitText = single(raw, 'limit', issues);
  if (limitText !== undefined) {
    const parsed = LimitSchema.safeParse(limitText);
    if (parsed.success) limit = parsed.data;
    else issues.push({ field: 'limit', message: `must be an integer from 1 to ${SIEM_MAX_LIMIT}` });
  }
  const cursor = single(raw, 'cursor', issues);
  const consumer = single(raw, 'consumer', issues);
  if (consumer !== undefined) {
    const parsed = ConsumerNameSchema.safeParse(consumer);
    if (!parsed.success)
      issues.push({ field: 'consumer', message: parsed.error.issues[0]?.message ?? 'invalid' });
  }
  return {
    limit,
    ...(cursor !== undefined ? { cursor } : {}),
    ...(consumer !== undefined ? { consumer } : {}),
  };
}

function format(raw: RawQuery, issues: Issue[]): SiemFormat {
  const text = single(raw, 'format', issues) ?? 'aerie';
  if ((SIEM_FORMATS as readonly string[]).includes(text)) return text as SiemFormat;
  issues.push({ field: 'format', message: `must be one of ${SIEM_FORMATS.join(', ')}` });
  return 'aerie';
}

/** `GET /api/v1/siem/events`: the events' filters, `format`, `cursor`, `consumer`, `limit`. */
export function parseSiemEventsQuery(raw: RawQuery, now = Date.now()): Parsed<SiemEventsQuery> {
  const issues: Issue[] = [];
  const filter = parseEventFilter(raw, issues, now, new Set([...POSITION_KEYS, 'format']));
  const value = { filter, format: format(raw, issues), ...position(raw, issues) };
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value };
}

/** `GET /api/v1/siem/stream`: as the events, without `limit`, with `heartbeat` (`15s`). */
export function parseSiemStreamQuery(raw: RawQuery, now = Date.now()): Parsed<SiemStreamQuery> {
  const issues: Issue[] = [];
  const filter = parseEventFilter(
    raw,
    issues,
    now,
    new Set(['cursor', 'consumer', 'format', 'heartbeat']),
  );
  const { cursor, consumer } = position({ ...raw, limit: undefined }, issues);
  let heartbeatMs: number = SIEM_HEARTBEAT_MS.default;
  const heartbeat = single(raw, 'heartbeat', issues);
  if (heartbeat !== undefined) {
    const ms = parseDuration(heartbeat);
    if (ms === undefined || ms < SIEM_HEARTBEAT_MS.min || ms > SIEM_HEARTBEAT_MS.max)
      issues.push({ field: 'heartbeat', message: 'must be a duration from 1s to 5m, e.g. 15s' });
    else heartbeatMs = ms;
  }
  if (filter.until !== undefined)
    issues.push({ field: 'until', message: 'a stream has no end; page with /siem/events instead' });
  const value = {
    filter,
    format: format(raw, issues),
    heartbeatMs,
    ...(cursor !== undefined ? { cursor } : {}),
    ...(consumer !== undefined ? { consumer } : {}),
  };
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value };
}

const AUDIT_KEYS = new Set([...POSITION_KEYS, 'actor', 'action']);

/** `GET /api/v1/siem/audit`: `actor`, `action`, `cursor`, `consumer`, `limit`. */
export function parseSiemAuditQuery(raw: RawQuery): Parsed<SiemAuditQuery> {
  const issues: Issue[] = [];
  for (const key of Object.keys(raw)) {
    if (!AUDIT_KEYS.has(key)) issues.push({ field: key, message: 'unknown query parameter' });
  }
  const actor = single(raw, 'actor', issues);
  const action = single(raw, 'action', issues);
  for (const [field, v] of [
    ['actor', actor],
    ['action', action],
  ] as const) {
    if (v !== undefined && v.length > 300)
      issues.push({ field, message: 'must be at most 300 characters' });
  }
  const value = {
    ...position(raw, issues),
    ...(actor !== undefined ? { actor } : {}),
    ...(action !== undefined ? { action } : {}),
  };
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value };
}

function siemPage<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    next_cursor: z
      .string()
      .nullable()
      .describe(
        'Where the next page starts. Never null while polling (no `until`): send it back even after an empty page.',
      ),
    has_more: z
      .boolean()
      .describe('The page is full: more events are there now. False: caught up; poll again later.'),
  });
}

export const SiemEventPageSchema = siemPage(StoredEventSchema);
export const SiemMappedPageSchema = siemPage(
  z.record(z.string(), z.unknown()).describe('An ECS document or an OCSF Detection Finding.'),
);
export const SiemAuditPageSchema = siemPage(AuditEntrySchema);

/** One line of `GET /api/v1/siem/stream`; every line carries the cursor to resume after it. */
export const SiemStreamLineSchema = z.union([
  z.object({ cursor: z.string(), event: z.record(z.string(), z.unknown()) }),
  z.object({ cursor: z.string(), heartbeat: z.string().describe('Server time, RFC 3339.') }),
  z.object({ cursor: z.string(), error: z.string() }),
]);
export type SiemStreamLine = z.infer<typeof SiemStreamLineSchema>;

/** A named consumer's checkpoint (`GET /api/v1/siem/consumers`). */
export const SiemConsumerSchema = z.object({
  name: z.string(),
  feed: z.enum(['events', 'audit']),
  cursor: z
    .string()
    .describe('The last cursor the consumer sent back: everything before it is acknowledged.'),
  created_at: z.string(),
  updated_at: z.string(),
});
export type SiemConsumer = z.infer<typeof SiemConsumerSchema>;
