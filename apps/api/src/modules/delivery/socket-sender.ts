import dgram from 'node:dgram';
import { lookup } from 'node:dns/promises';
import net from 'node:net';
import tls from 'node:tls';
import type { Outcome, SocketTarget } from '@aerie/outputs';
import { tlsConnectionOptions, type TlsOptions } from './http-sender.js';
import { RetryableSendError } from './send-error.js';

export interface SocketOptions {
  /** Connecting, and each write, must finish within this. */
  timeoutMs: number;
  tls?: TlsOptions | undefined;
}

/**
 * The largest UDP payload over IPv4 (65,535 − 8 − 20); IPv6 allows 20 more. Receivers often keep
 * less (rsyslog 8 KiB by default, RFC 5426 only requires 480 octets): plugins keep messages short.
 */
const MAX_DATAGRAM = { 4: 65_507, 6: 65_527 } as const;

/** RFC 6587: octet counting (`<len> <msg>`) or non-transparent framing with a trailing LF. */
export function frame(message: string, framing: SocketTarget['framing']): string {
  return framing === 'octet-counting'
    ? `${Buffer.byteLength(message, 'utf8')} ${message}`
    : `${message}\n`;
}

interface Connection {
  /** Sends the messages in order; one outcome each. */
  send(messages: readonly string[]): Promise<Outcome[]>;
  close(): void;
}

/**
 * Socket destinations (syslog): one persistent connection per output, reused across batches
 * and opened again on the next batch after an error or a close (the engine's retries with backoff
 * pace the reconnects). Sends on one connection run one at a time, in order.
 */
export class SocketSenders {
  private readonly connections = new Map<string, { key: string; connection: Connection }>();
  private readonly queues = new Map<string, Promise<unknown>>();

  send(
    outputId: string,
    target: SocketTarget,
    messages: readonly string[],
    options: SocketOptions,
  ): Promise<Outcome[]> {
    const run = (this.queues.get(outputId) ?? Promise.resolve())
      .catch(() => undefined)
      .then(() => this.connection(outputId, target, options).send(messages));
    this.queues.set(outputId, run);
    return run;
  }

  /** Closes the connections of outputs that are gone (removed, disabled, retyped). */
  retain(outputIds: ReadonlySet<string>): void {
    for (const [id, c] of this.connections) {
      if (outputIds.has(id)) continue;
      c.connection.close();
      this.connections.delete(id);
      this.queues.delete(id);
    }
  }

  close(): void {
    this.retain(new Set());
  }

  private connection(outputId: string, target: SocketTarget, options: SocketOptions): Connection {
    const key = JSON.stringify([target, options]);
    const open = this.connections.get(outputId);
    if (open?.key === key) return open.connection;
    open?.connection.close(); // the settings changed
    const connection =
      target.protocol === 'udp'
        ? new UdpConnection(target, options)
        : new StreamConnection(target, options);
    this.connections.set(outputId, { key, connection });
    return connection;
  }
}

/** One datagram per message; a refused port (ICMP) fails the send, the socket is then renewed. */
class UdpConnection implements Connection {
  private socket: Promise<{ socket: dgram.Socket; family: 4 | 6 }> | undefined;

  constructor(
    private readonly target: SocketTarget,
    private readonly options: SocketOptions,
  ) {}

  async send(messages: readonly string[]): Promise<Outcome[]> {
    const { socket, family } = await this.open();
    const outcomes: Outcome[] = [];
    for (const message of messages) {
      const datagram = Buffer.from(message, 'utf8');
      if (datagram.length > MAX_DATAGRAM[family]) {
        outcomes.push({
          ok: false,
          retryable: false,
          error: `a message of ${datagram.length} bytes does not fit in a UDP datagram (at most ${MAX_DATAGRAM[family]})`,
        });
        continue;
      }
      const failed = await new Promise<Error | null>((done) => socket.send(datagram, done));
      if (!failed) {
        outcomes.push({ ok: true });
        continue;
      }
      this.close();
      // The rest were not sent either: the next attempt opens a new socket.
      const error = { ok: false, retryable: true, error: failed.message } as const;
      while (outcomes.length < messages.length) outcomes.push(error);
    }
    return outcomes;
  }

  close(): void {
    const socket = this.socket;
    this.socket = undefined;
    void socket?.then(({ socket: s }) => s.close()).catch(() => undefined);
  }

  private open(): Promise<{ socket: dgram.Socket; family: 4 | 6 }> {
    this.socket ??= this.connect().catch((err: unknown) => {
      this.socket = undefined;
      throw err;
    });
    return this.socket;
  }

  private async connect(): Promise<{ socket: dgram.Socket; family: 4 | 6 }> {
    const { address, family } = await lookup(this.target.host);
    const socket = dgram.createSocket(family === 6 ? 'udp6' : 'udp4');
    socket.on('error', () => this.close());
    await new Promise<void>((ok, fail) => {
      socket.once('error', fail);
      socket.connect(this.target.port, address, () => {
        socket.off('error', fail);
        ok();
      });
    });
    return { socket, family: family === 6 ? 6 : 4 };
  }
}

/**
 * TCP or TLS (RFC 5425): the batch is framed and written at once; it has been sent when the
 * write is handed to the kernel. A connection the peer closes or resets is dropped at once, so
 * the next batch connects again; one that closes while a write is pending fails that batch
 * (retryable): the receiver may not have it.
 */
class StreamConnection implements Connection {
  private socket: Promise<net.Socket> | undefined;
  /** The connected socket, once `socket` resolved and until it closes. */
  private live: net.Socket | undefined;
  private inFlight: ((err: Error) => void) | undefined;

  constructor(
    private readonly target: SocketTarget,
    private readonly options: SocketOptions,
  ) {}

  async send(messages: readonly string[]): Promise<Outcome[]> {
    const outcomes: Outcome[] = messages.map((m) =>
      this.target.framing === 'lf' && m.includes('\n')
        ? {
            ok: false,
            retryable: false,
            error: 'the message contains a line feed, which LF framing cannot carry',
          }
        : { ok: true },
    );
    const framed = messages
      .filter((_, i) => outcomes[i]!.ok)
      .map((m) => frame(m, this.target.framing));
    if (framed.length === 0) return outcomes;
    let socket = await this.open();
    if (!socket.writable) {
      // Closed by the peer a moment ago, its `close` not yet seen.
      this.drop(socket);
      socket = await this.open();
    }
    await this.write(socket, Buffer.from(framed.join(''), 'utf8'));
    return outcomes;
  }

  close(): void {
    const socket = this.socket;
    this.socket = undefined;
    this.live = undefined;
    void socket?.then((s) => s.destroy()).catch(() => undefined);
  }

  /** Forgets `socket` (if still the current one) and closes it. */
  private drop(socket: net.Socket): void {
    if (this.live === socket) {
      this.live = undefined;
      this.socket = undefined;
    }
    socket.destroy();
  }

  private write(socket: net.Socket, data: Buffer): Promise<void> {
    const { timeoutMs } = this.options;
    return new Promise<void>((ok, fail) => {
      const timer = setTimeout(() => {
        settle(new RetryableSendError(`no write within ${timeoutMs} ms`));
        this.drop(socket);
      }, timeoutMs);
      const settle = (err?: Error | null) => {
        clearTimeout(timer);
        this.inFlight = undefined;
        if (err) fail(err);
        else ok();
      };
      this.inFlight = settle;
      socket.write(data, settle);
    });
  }

  private open(): Promise<net.Socket> {
    this.socket ??= this.connect().catch((err: unknown) => {
      this.socket = undefined;
      throw err;
    });
    return this.socket;
  }

  private connect(): Promise<net.Socket> {
    const { host, port, protocol } = this.target;
    const { timeoutMs } = this.options;
    const socket =
      protocol === 'tls'
        ? tls.connect({
            ...tlsConnectionOptions(this.options.tls),
            host,
            port,
            ...(net.isIP(host) === 0 ? { servername: host } : {}),
          })
        : net.connect({ host, port });
    const ready = protocol === 'tls' ? 'secureConnect' : 'connect';
    return new Promise<net.Socket>((ok, fail) => {
      const timer = setTimeout(
        () => socket.destroy(new RetryableSendError(`no connection within ${timeoutMs} ms`)),
        timeoutMs,
      );
      socket.once('error', (err) => {
        clearTimeout(timer);
        fail(err);
      });
      socket.once(ready, () => {
        clearTimeout(timer);
        socket.setNoDelay(true);
        socket.setKeepAlive(true, 30_000);
        this.live = socket;
        ok(socket);
      });
      // Syslog receivers do not answer; whatever they send is read and dropped.
      socket.resume();
      socket.on('error', () => undefined); // reported through `close` below
      socket.on('close', () => {
        if (this.live !== socket) return;
        this.drop(socket);
        this.inFlight?.(
          new RetryableSendError('the connection closed before the batch was written'),
        );
      });
    });
  }
}
