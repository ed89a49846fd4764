import type { OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { LIVE_CLOSE_SIGNED_OUT } from '@aerie/contracts';
import type { Logger } from 'pino';
import type { RawData, WebSocket } from 'ws';
import { allows } from '../access/access.js';
import type { Principal } from '../access/principal.js';
import type { Bus, BusMessages } from '../bus/bus.js';
import type { Database } from '../database/database.js';
import type { Admitted, LiveAuth } from './live-auth.js';
import { DEFAULT_LIMITS, LiveClient, type LiveLimits } from './live-client.js';
import { LiveFeed, type LiveSink } from './live-feed.js';
import type { LiveRow } from './live-filter.js';
import { parseClientMessage } from './live-protocol.js';
import { LiveRelay } from './live-relay.js';
import type { LiveMetrics } from './live.metrics.js';

/**
 * The live stream's clients and what reaches them: committed events (LiveFeed, matched per
 * subscription), alert group changes and delivery changes (the bus, and other replicas through
 * LiveRelay), each filtered by what the client may see. Every client's credential is checked
 * again every `recheckMs`.
 */
export class LiveHub implements LiveSink, OnModuleInit, OnModuleDestroy {
  /** Tunable at run time (tests shrink them). */
  readonly limits: LiveLimits = { ...DEFAULT_LIMITS };
  private readonly clients = new Set<LiveClient>();
  private readonly rechecks = new Map<LiveClient, NodeJS.Timeout>();
  private readonly feed: LiveFeed;
  private readonly relay: LiveRelay | undefined;
  private readonly stops: Array<() => void> = [];

  constructor(
    db: Database,
    private readonly bus: Bus,
    private readonly auth: LiveAuth,
    private readonly metrics: LiveMetrics,
    private readonly logger: Logger,
    databaseUrl: string | undefined,
  ) {
    this.feed = new LiveFeed(db, this, logger);
    this.relay =
      databaseUrl === undefined
        ? undefined
        : new LiveRelay(
            db,
            databaseUrl,
            {
              committed: (seq) => this.feed.advance(seq),
              relayed: (m) => {
                if (m.kind === 'groups') this.offerGroups(m.groups);
                else for (const d of m.deliveries) this.offerDelivery(d);
              },
            },
            logger,
          );
  }

  async onModuleInit(): Promise<void> {
    await this.feed.start();
    // A listener that threw would fail the emitter's caller (ingest): none may.
    const guard =
      <T>(fn: (message: T) => void) =>
      (message: T) => {
        try {
          fn(message);
        } catch (err) {
          this.logger.error({ err }, 'live: dropping a bus message');
        }
      };
    this.stops.push(
      this.bus.on(
        'events',
        guard(({ to }: BusMessages['events']) => {
          this.feed.advance(to);
          this.relay?.committed(to);
        }),
      ),
      this.bus.on(
        'groups',
        guard(({ groups }: BusMessages['groups']) => {
          this.offerGroups(groups);
          this.relay?.groups(groups);
        }),
      ),
      this.bus.on(
        'delivery',
        guard((d: BusMessages['delivery']) => {
          this.offerDelivery(d);
          this.relay?.delivery(d);
        }),
      ),
    );
    await this.relay?.start();
  }

  async onModuleDestroy(): Promise<void> {
    for (const stop of this.stops.splice(0)) stop();
    this.feed.close();
    for (const client of [...this.clients]) this.leave(client);
    await this.relay?.close();
  }

  /** A connection the upgrade admitted. */
  join(socket: WebSocket, admitted: Admitted): void {
    const client = new LiveClient(
      socket,
      admitted.principal,
      admitted.credential,
      this.limits,
      (reason) => this.metrics.resynced(reason),
    );
    this.clients.add(client);
    this.metrics.connected(1);
    socket.on('message', (data: RawData, isBinary: boolean) =>
      this.receive(client, data, isBinary),
    );
    socket.on('pong', () => (client.alive = true));
    socket.on('close', () => this.leave(client));
    socket.on('error', (err) => this.logger.debug({ err }, 'live: socket error'));
    const timer = setInterval(() => void this.recheck(client), this.limits.recheckMs);
    timer.unref();
    this.rechecks.set(client, timer);
  }

  /** Clients connected now. */
  get size(): number {
    return this.clients.size;
  }

  wantsEvents(): boolean {
    for (const c of this.clients) if (c.following) return true;
    return false;
  }

  searches(): string[] {
    const qs = new Set<string>();
    for (const c of this.clients) if (c.search !== undefined) qs.add(c.search);
    return [...qs];
  }

  deliver(rows: LiveRow[]): void {
    for (const c of this.clients) c.offerRows(rows);
  }

  skipped(): void {
    for (const c of this.clients) if (c.following) c.resync('feed_behind');
  }

  private offerGroups(groups: BusMessages['groups']['groups']): void {
    for (const c of this.clients) for (const g of groups) c.offerGroup(g);
  }

  private offerDelivery(d: BusMessages['delivery']): void {
    for (const c of this.clients) c.offerDelivery(d);
  }

  private receive(client: LiveClient, data: RawData, isBinary: boolean): void {
    const request = parseClientMessage(toBuffer(data), isBinary);
    if (request.type === 'ping') client.send({ type: 'pong' });
    else if (request.type === 'invalid') client.send(request.reply);
    else client.subscribe(request.filter, this.feed.position);
  }

  private leave(client: LiveClient): void {
    if (!this.clients.delete(client)) return;
    this.metrics.connected(-1);
    clearInterval(this.rechecks.get(client));
    this.rechecks.delete(client);
    client.close();
    client.socket.terminate();
  }

  /**
   * Ends the connection of a principal that may no longer read (session expired, user disabled,
   * token revoked); re-scopes one whose teams or role changed. A database error keeps it as is.
   */
  private async recheck(client: LiveClient): Promise<void> {
    if (!client.alive) {
      this.leave(client);
      return;
    }
    client.alive = false;
    client.socket.ping();
    let principal: Principal | undefined;
    try {
      principal = await this.auth.principalOf(client.credential);
    } catch (err) {
      this.logger.warn({ err }, 'live: could not check a client again; keeping it');
      return;
    }
    if (!this.clients.has(client)) return;
    if (!principal || !allows(principal, 'read')) {
      client.socket.close(LIVE_CLOSE_SIGNED_OUT, 'signed out');
      return;
    }
    if (scopeKey(principal) !== scopeKey(client.principal)) client.rescope(principal);
  }
}

function scopeKey(p: Principal): string {
  return JSON.stringify([p.role, p.scope]);
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
}
