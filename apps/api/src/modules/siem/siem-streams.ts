import type { BeforeApplicationShutdown } from '@nestjs/common';
import type { EventFilter, SiemFormat } from '@aerie/contracts';
import type { Logger } from 'pino';
import { ApiError } from '../../shared/api-error.js';
import type { TenantScope } from '../access/tenant-scope.js';
import type { Bus } from '../bus/bus.js';
import { encodeSiemCursor } from './siem-cursor.js';
import type { SiemEventsRepository } from './siem-events.repository.js';
import { formatter } from './siem-format.js';

/** Events read per page while following (a backlog streams out in pages of this size). */
const STREAM_PAGE = 1000;
/**
 * How often a caught-up stream looks for events committed by other replicas (this process's own
 * commits wake it at once through the bus).
 */
const POLL_MS = 1000;
/** A stream re-checks its credential at least this often (and at every heartbeat). */
const RECHECK_MS = 15_000;

export interface FollowOptions {
  scope: TenantScope;
  filter: EventFilter;
  format: SiemFormat;
  /** The seq to start after. */
  after: number;
  heartbeatMs: number;
  signal: AbortSignal;
  /**
   * The caller's scope now: undefined once its token is revoked or expired, its session ended, or
   * it lost siem:read. A stream outlives the request's check, so it asks again as it goes.
   */
  recheck: () => Promise<TenantScope | undefined>;
}

/**
 * `GET /api/v1/siem/stream`: open streams, at most `maxPerOwner` per credential, each ended when
 * its client goes away or the app shuts down (an open response would hold the server open).
 */
export class SiemStreams implements BeforeApplicationShutdown {
  private readonly open = new Map<string, Set<AbortController>>();

  constructor(
    private readonly events: SiemEventsRepository,
    private readonly bus: Bus,
    private readonly logger: Logger,
    private readonly maxPerOwner: number,
  ) {}

  /** A stream slot of `owner`, freed when its controller aborts; 429 when all are in use. */
  acquire(owner: string): AbortController {
    const mine = this.open.get(owner) ?? new Set<AbortController>();
    if (mine.size >= this.maxPerOwner) {
      throw new ApiError(
        429,
        'too_many_streams',
        `at most ${this.maxPerOwner} open streams per token (siem.maxStreams); close one first`,
        undefined,
        { 'retry-after': '5' },
      );
    }
    const controller = new AbortController();
    mine.add(controller);
    this.open.set(owner, mine);
    controller.signal.addEventListener('abort', () => {
      mine.delete(controller);
      if (mine.size === 0 && this.open.get(owner) === mine) this.open.delete(owner);
    });
    return controller;
  }

  beforeApplicationShutdown(): void {
    for (const set of [...this.open.values()]) for (const c of [...set]) c.abort();
  }

  /**
   * NDJSON lines from `after` on, forever: `{"cursor","event"}` per event, and a
   * `{"cursor","heartbeat"}` line at the start and after every `heartbeatMs` without a line.
   * Every line's cursor resumes right after it (`/siem/stream?cursor=…` or `/siem/events`).
   */
  async *follow(options: FollowOptions): AsyncGenerator<string> {
    const { scope, filter, heartbeatMs, signal } = options;
    const render = formatter(options.format);
    let position = options.after;
    const line = (fields: string) =>
      `{"cursor":${JSON.stringify(encodeSiemCursor('events', position))},${fields}}\n`;
    const heartbeat = () => line(`"heartbeat":${JSON.stringify(new Date().toISOString())}`);
    yield heartbeat();
    let lastLine = Date.now();
    let lastCheck = Date.now();
    while (!signal.aborted) {
      if (Date.now() - lastCheck >= Math.min(heartbeatMs, RECHECK_MS)) {
        const now = await options.recheck();
        if (now === undefined) {
          yield line(`"error":"the credential is no longer valid for this stream"`);
          return;
        }
        if (JSON.stringify(now) !== JSON.stringify(scope)) {
          yield line(`"error":"the teams of this credential changed; reconnect with this cursor"`);
          return;
        }
        lastCheck = Date.now();
      }
      let next: number;
      let hasMore: boolean;
      try {
        const page = await this.events.page(scope, filter, position, STREAM_PAGE);
        for await (const rows of this.events.rows(scope, page.seqs)) {
          let out = '';
          for (const row of rows) {
            position = row.seq;
            out += line(`"event":${render(row.json)}`);
          }
          if (out === '') continue;
          yield out;
          lastLine = Date.now();
        }
        next = page.next ?? position;
        hasMore = page.hasMore;
      } catch (err) {
        this.logger.warn({ err: (err as Error).message }, 'siem stream: read failed');
        yield line(`"error":"reading events failed; reconnect with this cursor"`);
        return;
      }
      position = Math.max(position, next);
      if (hasMore) continue;
      const quiet = Date.now() - lastLine;
      if (quiet < heartbeatMs) await this.pause(Math.min(POLL_MS, heartbeatMs - quiet), signal);
      if (!signal.aborted && Date.now() - lastLine >= heartbeatMs) {
        yield heartbeat();
        lastLine = Date.now();
      }
    }
  }

  /** Waits `ms`, or less when events are committed here or the stream ends. */
  private pause(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        off();
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      const off = this.bus.on('events', done);
      signal.addEventListener('abort', done, { once: true });
      if (signal.aborted) done();
    });
  }
}
