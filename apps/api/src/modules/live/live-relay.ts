import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Logger } from 'pino';
import { z } from 'zod';
import { AlertGroupSchema } from '@aerie/contracts';
import type { BusMessages } from '../bus/bus.js';
import type { Database } from '../database/database.js';

/** The channel replicas tell each other what the live stream carries. */
export const LIVE_CHANNEL = 'aerie_live';
const RECONNECT_MS = 2000;
/** Postgres refuses NOTIFY payloads of 8000 bytes or more. */
const MAX_PAYLOAD_BYTES = 7900;
/** Delivery changes are sent to the other replicas in batches, at most this often. */
const DELIVERY_BATCH_MS = 100;

const DeliverySchema = z.object({
  id: z.string(),
  eventId: z.string(),
  output: z.string(),
  status: z.enum(['pending', 'acking', 'delivered', 'dead']),
  cluster: z.string().nullable(),
  namespace: z.string().nullable(),
});
/** A bus message of another replica (`o`: the replica that sent it). */
const RelayedSchema = z.discriminatedUnion('kind', [
  z.object({ o: z.string(), kind: z.literal('groups'), groups: z.array(AlertGroupSchema) }),
  z.object({ o: z.string(), kind: z.literal('deliveries'), deliveries: z.array(DeliverySchema) }),
]);
export type Relayed = z.infer<typeof RelayedSchema>;

export interface RelayHandlers {
  /** Events are committed up to `seq` (by any replica). */
  committed(seq: number): void;
  /** Group or delivery changes made on another replica. */
  relayed(message: Relayed): void;
}

/**
 * Carries the live stream between replicas on one Postgres (LISTEN/NOTIFY), so each replica's
 * clients see what every replica stores and changes. Commits: the ingesting replica notifies the
 * last seq (a bare number); listeners advance their feed, which reads the rows itself, and after
 * a reconnect advance to the newest seq, so lost notifications only delay events. Group and
 * delivery changes travel as JSON, in payloads under Postgres' limit; a lost one is lost, as on
 * the in-process bus (the REST API stays the truth). PGlite is one process: no relay there.
 */
export class LiveRelay {
  private client: pg.Client | undefined;
  private closed = false;
  private reconnect: NodeJS.Timeout | undefined;
  /** This replica: it skips its own JSON messages (its clients had them from its bus). */
  private readonly origin = randomUUID();
  private deliveries: BusMessages['delivery'][] = [];
  private deliveryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Database,
    private readonly databaseUrl: string,
    private readonly handlers: RelayHandlers,
    private readonly logger: Logger,
  ) {}

  /** Events are committed up to `seq` here. Never holds up ingest (failures are logged). */
  committed(seq: number): void {
    this.notify(String(seq));
  }

  groups(groups: BusMessages['groups']['groups']): void {
    for (const chunk of chunks(groups, (g) => JSON.stringify(g))) {
      this.send({ o: this.origin, kind: 'groups', groups: chunk });
    }
  }

  delivery(delivery: BusMessages['delivery']): void {
    this.deliveries.push(delivery);
    this.deliveryTimer ??= setTimeout(() => {
      this.deliveryTimer = undefined;
      for (const chunk of chunks(this.deliveries.splice(0), (d) => JSON.stringify(d))) {
        this.send({ o: this.origin, kind: 'deliveries', deliveries: chunk });
      }
    }, DELIVERY_BATCH_MS);
  }

  private send(message: Relayed): void {
    const payload = JSON.stringify(message);
    if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES) {
      this.logger.warn({ kind: message.kind }, 'live: a change too large to relay; dropped');
      return;
    }
    this.notify(payload);
  }

  private notify(payload: string): void {
    this.db
      .query(`SELECT pg_notify($1, $2)`, [LIVE_CHANNEL, payload])
      .catch((err: unknown) => this.logger.warn({ err }, 'live: could not notify replicas'));
  }

  async start(): Promise<void> {
    const client = new pg.Client({ connectionString: this.databaseUrl });
    this.client = client;
    client.on('notification', (msg) => this.receive(msg.channel, msg.payload ?? ''));
    client.on('error', (err) => {
      this.logger.warn({ err }, 'live: replica channel lost; reconnecting');
      this.retry(client);
    });
    client.on('end', () => this.retry(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${LIVE_CHANNEL}`);
      const { rows } = await client.query<{ max: string | null }>(
        `SELECT max(seq)::text AS max FROM events`,
      );
      this.handlers.committed(Number(rows[0]?.max ?? 0));
    } catch (err) {
      this.logger.warn({ err }, 'live: cannot listen for other replicas; retrying');
      this.retry(client);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnect);
    clearTimeout(this.deliveryTimer);
    await this.client?.end().catch(() => undefined);
  }

  private receive(channel: string, payload: string): void {
    if (channel !== LIVE_CHANNEL) return;
    if (!payload.startsWith('{')) {
      const seq = Number(payload);
      if (Number.isSafeInteger(seq)) this.handlers.committed(seq);
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(payload);
    } catch {
      value = undefined;
    }
    const parsed = RelayedSchema.safeParse(value);
    if (!parsed.success) this.logger.warn('live: ignoring a malformed replica message');
    else if (parsed.data.o !== this.origin) this.handlers.relayed(parsed.data);
  }

  private retry(client: pg.Client): void {
    // Each lost connection reconnects once: its later `end` event finds a newer client.
    if (this.closed || this.reconnect || client !== this.client) return;
    this.client = undefined;
    client.end().catch(() => undefined);
    this.reconnect = setTimeout(() => {
      this.reconnect = undefined;
      void this.start();
    }, RECONNECT_MS);
    this.reconnect.unref();
  }
}

/** Consecutive runs of `items` whose JSON fits one payload (an item too large goes alone). */
function chunks<T>(items: readonly T[], json: (item: T) => string): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = Buffer.byteLength(json(item)) + 1;
    if (current.length > 0 && bytes + size > MAX_PAYLOAD_BYTES - 200) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) out.push(current);
  return out;
}
