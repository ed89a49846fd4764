import { randomUUID } from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import type { BatchIngestResult, IngestAck, Issue } from '@aerie/contracts';
import {
  parseFalcoEvent,
  parseFalcoJson,
  parseLossless,
  type IngestContext,
  type ParseResult,
  type SecurityEvent,
} from '@aerie/detectors';
import type { AerieConfig } from '../config/config.schema.js';
import type { IngestMetrics } from '../metrics/ingest.metrics.js';
import { ApiError } from '../../shared/api-error.js';
import type { BatchWriter, RowResult } from './batch-writer.js';
import { toEventRow } from './event-row.js';
import type { EventRouter } from '../delivery/event-router.js';

/** Falcosidekick's `POST /test` event. */
const TEST_EVENT = {
  rule: 'Test rule',
  priority: 'Debug',
  hostname: 'aerie',
  tags: ['test', 'example'],
  output: 'This is a test from Aerie',
  output_fields: { 'proc.name': 'aerie', 'user.name': 'aerie' },
};

/** Events per batch request; beyond it the request is refused whole (413). */
export const MAX_BATCH_EVENTS = 10_000;
/** Rejections listed in a batch answer; the rest are counted in errors_omitted. */
const MAX_LISTED_ERRORS = 100;

interface Parsed {
  index: number;
  line?: number;
  result: ParseResult;
}

/** Validates, normalizes and durably stores events; answers only after commit. */
export class IngestService {
  constructor(
    private readonly config: AerieConfig,
    private readonly writer: BatchWriter,
    private readonly metrics: IngestMetrics,
    private readonly router: EventRouter,
  ) {}

  /** An example Falco event, parsed as ingest would, not stored (for the route test). */
  example(body: Buffer | undefined): SecurityEvent {
    const parsed = parseFalcoJson(this.decode(body), this.context());
    if (!parsed.ok) throw ApiError.invalid('invalid_event', parsed.issues);
    return parsed.event;
  }

  /** One Falco event (`POST /`). */
  async ingestOne(body: Buffer | undefined, cluster?: string): Promise<IngestAck> {
    const text = this.decode(body);
    const parsed = parseFalcoJson(text, this.context({ cluster }));
    if (!parsed.ok) {
      this.metrics.refused('invalid');
      throw ApiError.invalid('invalid_event', parsed.issues);
    }
    return this.storeOne(parsed.event);
  }

  /**
   * Falcosidekick's test event (`POST /test`): stored, and delivered through the real engine to
   * every enabled output (as Falcosidekick does) or to `outputs` (ids) only.
   */
  async ingestTest(cluster?: string, outputs?: readonly string[]): Promise<IngestAck> {
    const event = { ...TEST_EVENT, time: new Date().toISOString() };
    const parsed = parseFalcoEvent(event, this.context({ source: 'internal', cluster }), {
      hasRawNumbers: false,
      mayHaveEscapes: false,
    });
    if (!parsed.ok) throw new Error(`test event invalid: ${JSON.stringify(parsed.issues)}`);
    return this.storeOne(parsed.event, outputs ?? this.router.everyOutput());
  }

  /** Many events (`POST /api/v1/events`): a JSON array or NDJSON. */
  async ingestMany(
    body: Buffer | undefined,
    contentType: string | undefined,
    cluster?: string,
  ): Promise<{
    status: number;
    result: BatchIngestResult;
  }> {
    const text = this.decode(body);
    const ctx = this.context({ cluster });
    const items = isNdjson(contentType, text)
      ? this.parseNdjson(text, ctx)
      : this.parseArray(text, ctx);
    const valid = items.flatMap((item) =>
      item.result.ok ? [{ item, event: item.result.event }] : [],
    );
    const rows = valid.map((v) =>
      toEventRow(randomUUID(), v.event, this.router.outputsFor(v.event)),
    );
    const stored = await this.writer.submit(rows);
    if (rows.some((r) => r.routed)) this.router.committed();
    const errors: BatchIngestResult['errors'] = [];
    const ids: string[] = [];
    let unavailable = false;
    const refuse = (item: Parsed, issues: Issue[]) =>
      errors.push({ index: item.index, ...(item.line ? { line: item.line } : {}), issues });
    for (const item of items) if (!item.result.ok) refuse(item, item.result.issues);
    valid.forEach(({ item, event }, k) => {
      const outcome = stored[k]!;
      if (outcome.ok) {
        ids.push(rows[k]!.id);
        this.metrics.stored(event.source, event.priority);
      } else {
        unavailable ||= outcome.status === 503;
        this.metrics.refused(outcome.status === 503 ? 'unavailable' : 'database_refused');
        refuse(item, [{ field: '(event)', message: outcome.message }]);
      }
    });
    errors.sort((a, b) => a.index - b.index);
    const omitted = Math.max(0, errors.length - MAX_LISTED_ERRORS);
    errors.length = Math.min(errors.length, MAX_LISTED_ERRORS);
    const rejected = items.length - ids.length;
    this.metrics.refused('invalid', items.length - valid.length);
    if (unavailable && ids.length === 0) throw unavailableError();
    const result = {
      accepted: ids.length,
      rejected,
      ids,
      errors,
      ...(omitted > 0 ? { errors_omitted: omitted } : {}),
    };
    const status = rejected === 0 ? 200 : ids.length === 0 ? 400 : 207;
    return { status, result };
  }

  private async storeOne(
    event: SecurityEvent,
    outputs: readonly string[] = this.router.outputsFor(event),
  ): Promise<IngestAck> {
    const row = toEventRow(randomUUID(), event, outputs);
    const [outcome] = await this.writer.submit([row]);
    if (row.routed) this.router.committed();
    return this.ack(row.id, event, outcome!);
  }

  private ack(id: string, event: SecurityEvent, outcome: RowResult): IngestAck {
    if (outcome.ok) {
      this.metrics.stored(event.source, event.priority);
      return { id, seq: outcome.seq };
    }
    if (outcome.status === 503) {
      this.metrics.refused('unavailable');
      throw unavailableError();
    }
    this.metrics.refused('database_refused');
    throw ApiError.invalid('invalid_event', [{ field: '(body)', message: outcome.message }]);
  }

  private parseNdjson(text: string, ctx: IngestContext): Parsed[] {
    const out: Parsed[] = [];
    const lines = text.split('\n');
    tooMany(lines.filter((l) => l.trim() !== '').length);
    lines.forEach((raw, i) => {
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (line.trim() === '') return;
      out.push({ index: out.length, line: i + 1, result: parseFalcoJson(line, ctx) });
    });
    if (out.length === 0)
      throw ApiError.invalid('invalid_batch', [{ field: '(body)', message: 'holds no events' }]);
    return out;
  }

  private parseArray(text: string, ctx: IngestContext): Parsed[] {
    let parsed;
    try {
      parsed = parseLossless(text);
    } catch (err) {
      throw ApiError.invalid('invalid_batch', [
        { field: '(body)', message: `is not valid JSON: ${(err as Error).message}` },
      ]);
    }
    const value = parsed.value;
    const events = Array.isArray(value) ? value : [value];
    tooMany(events.length);
    if (events.length === 0)
      throw ApiError.invalid('invalid_batch', [{ field: '(body)', message: 'holds no events' }]);
    const hints = { hasRawNumbers: parsed.hasRawNumbers, mayHaveEscapes: text.includes('\\u') };
    return events.map((e, index) => ({
      index,
      result: prefix(parseFalcoEvent(e, ctx, hints), Array.isArray(value) ? index : undefined),
    }));
  }

  /** The body as text; refuses bytes that are not UTF-8 rather than replacing them. */
  private decode(body: Buffer | undefined): string {
    if (body === undefined || body.length === 0) {
      this.metrics.refused('invalid');
      throw ApiError.invalid('invalid_event', [
        { field: '(body)', message: 'is empty: expected a JSON object' },
      ]);
    }
    if (!isUtf8(body)) {
      this.metrics.refused('not_utf8');
      throw ApiError.invalid('invalid_encoding', [
        { field: '(body)', message: 'is not valid UTF-8' },
      ]);
    }
    return body.toString('utf8');
  }

  private context(force: { source?: string; cluster?: string | undefined } = {}): IngestContext {
    const { defaultCluster, customFields, customTags } = this.config.ingest;
    return {
      receivedAt: new Date(),
      defaultCluster,
      customFields,
      customTags,
      ...(force.source ? { forceSource: force.source } : {}),
      ...(force.cluster ? { forceCluster: force.cluster } : {}),
    };
  }
}

function isNdjson(contentType: string | undefined, text: string): boolean {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  if (
    type === 'application/x-ndjson' ||
    type === 'application/ndjson' ||
    type === 'application/jsonl'
  )
    return true;
  if (type === 'application/json') return false;
  return !text.trimStart().startsWith('[');
}

function prefix(result: ParseResult, index: number | undefined): ParseResult {
  if (result.ok || index === undefined) return result;
  const issues: Issue[] = result.issues.map((i) => ({
    field: i.field === '(body)' ? '(event)' : i.field,
    message: i.message,
  }));
  return { ok: false, issues };
}

/** Checked before any per-event work, so a body of 300 000 `{}` costs nothing. */
function tooMany(count: number): void {
  if (count <= MAX_BATCH_EVENTS) return;
  const message = `holds ${count} events; send at most ${MAX_BATCH_EVENTS} per request`;
  throw new ApiError(413, 'too_large', `(body): ${message}`, [{ field: '(body)', message }]);
}

function unavailableError(): ApiError {
  return new ApiError(
    503,
    'unavailable',
    'the database is unavailable: the event was not stored, send it again',
    undefined,
    { 'retry-after': '1' },
  );
}
