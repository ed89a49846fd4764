import type {
  AlertGroup,
  EventFilter,
  LiveDelivery,
  LiveEvent,
  LiveServerMessage,
} from '@aerie/contracts';
import { WebSocket } from 'ws';
import type { Principal } from '../access/principal.js';
import type { BusMessages } from '../bus/bus.js';
import { encodeCursor } from '../events/cursor.js';
import type { LiveCredential } from './live-auth.js';
import { rowMatcher, visibleIn, type LiveRow, type RowMatcher } from './live-filter.js';

export interface LiveLimits {
  /** Shortest time between two sends to one client: what arrives in between goes in one message. */
  flushMs: number;
  /** Updates queued for one client before it is told to resync instead. */
  maxQueued: number;
  /** Bytes a client's socket may hold unsent before its queue is dropped for a resync. */
  maxBufferedBytes: number;
  /** How often a client's credential is checked again and its socket pinged. */
  recheckMs: number;
}

export const DEFAULT_LIMITS: LiveLimits = {
  flushMs: 150,
  maxQueued: 5000,
  maxBufferedBytes: 4 * 1024 * 1024,
  recheckMs: 30_000,
};

export type ResyncReason = 'slow_client' | 'queue_full' | 'feed_behind' | 'scope_changed';

/** A `sort=seq&order=asc` cursor of `GET /api/v1/events` that starts after `seq`. */
export function seqCursor(seq: number): string {
  return encodeCursor({ t: '', k: seq, o: 'asc' });
}

/**
 * One connection: its principal, its subscription and what is queued for it. Updates are
 * coalesced — one `events` message per flush, the latest state of each group and delivery — and a
 * client that cannot keep up loses its queue and is sent `resync`: ingest never waits for it.
 */
export class LiveClient {
  /** Whether the peer answered the last ping. */
  alive = true;
  private filter: EventFilter | null = null;
  private matcher: RowMatcher | undefined;
  private events: LiveEvent[] = [];
  private readonly groups = new Map<string, AlertGroup>();
  private readonly deliveries = new Map<string, LiveDelivery>();
  /** Updates were dropped: `resync` is owed, and nothing is queued until it is sent. */
  private behind = false;
  private timer: NodeJS.Timeout | undefined;
  private lastFlush = 0;

  constructor(
    readonly socket: WebSocket,
    public principal: Principal,
    readonly credential: LiveCredential,
    private readonly limits: LiveLimits,
    private readonly onResync: (reason: ResyncReason) => void,
  ) {}

  /** Whether the client follows events. */
  get following(): boolean {
    return this.matcher !== undefined;
  }

  /** The subscription's full-text query, which the feed has Postgres decide. */
  get search(): string | undefined {
    return this.filter?.q;
  }

  /** Replaces the subscription; events matching it follow, from feed position `position`. */
  subscribe(filter: EventFilter | null, position: number): void {
    this.filter = filter;
    this.matcher = filter ? rowMatcher(filter, this.principal.scope) : undefined;
    this.events = [];
    this.send({ type: 'subscribed', cursor: seqCursor(position) });
  }

  /** The principal's teams or role changed: new scope, and what was queued under the old one goes. */
  rescope(principal: Principal): void {
    this.principal = principal;
    if (this.filter) this.matcher = rowMatcher(this.filter, principal.scope);
    this.resync('scope_changed');
  }

  offerRows(rows: readonly LiveRow[]): void {
    const matcher = this.matcher;
    if (!matcher || this.behind) return;
    for (const row of rows) if (matcher(row)) this.events.push(row.event);
    this.queued();
  }

  offerGroup(group: AlertGroup): void {
    if (this.behind || !visibleIn(this.principal.scope, group.cluster, group.namespace)) return;
    this.groups.set(group.id, group);
    this.queued();
  }

  offerDelivery(d: BusMessages['delivery']): void {
    if (this.behind || !visibleIn(this.principal.scope, d.cluster, d.namespace)) return;
    this.deliveries.set(d.id, {
      id: d.id,
      event_id: d.eventId,
      output: d.output,
      status: d.status,
    });
    this.queued();
  }

  /** Drops what is queued; `resync` goes out as soon as the socket has room. */
  resync(reason: ResyncReason): void {
    this.events = [];
    this.groups.clear();
    this.deliveries.clear();
    if (!this.behind) this.onResync(reason);
    this.behind = true;
    this.schedule();
  }

  send(message: LiveServerMessage): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  close(): void {
    clearTimeout(this.timer);
  }

  private queued(): void {
    const size = this.events.length + this.groups.size + this.deliveries.size;
    if (size > this.limits.maxQueued) this.resync('queue_full');
    else if (size > 0) this.schedule();
  }

  private schedule(): void {
    if (this.timer) return;
    const wait = Math.max(0, this.lastFlush + this.limits.flushMs - Date.now());
    this.timer = setTimeout(() => this.flush(), wait);
  }

  private flush(): void {
    this.timer = undefined;
    if (this.socket.readyState !== WebSocket.OPEN) return;
    this.lastFlush = Date.now();
    if (this.socket.bufferedAmount > this.limits.maxBufferedBytes) {
      if (!this.behind) this.resync('slow_client');
      else this.schedule();
      return;
    }
    if (this.behind) {
      this.behind = false;
      this.send({ type: 'resync' });
    }
    const last = this.events[this.events.length - 1];
    if (last) this.send({ type: 'events', items: this.events, cursor: seqCursor(last.seq) });
    this.events = [];
    for (const group of this.groups.values()) this.send({ type: 'group', group });
    for (const delivery of this.deliveries.values()) this.send({ type: 'delivery', delivery });
    this.groups.clear();
    this.deliveries.clear();
  }
}
