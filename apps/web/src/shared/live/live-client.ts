import {
  LiveServerMessageSchema,
  type LiveClientMessage,
  type LiveServerMessage,
} from '@aerie/contracts';

export type LiveStatus = 'connecting' | 'open' | 'closed';

/** What the client needs of a WebSocket (the browser's, or a fake in tests). */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  onopen: ((ev: Event) => void) | null;
  onclose: ((ev: CloseEvent) => void) | null;
  onmessage: ((ev: MessageEvent) => void) | null;
  onerror: ((ev: Event) => void) | null;
}

const OPEN = 1;
const PING_MS = 25_000;
const MAX_BACKOFF_MS = 10_000;

/** `ws(s)://<page's base>/api/v1/live`: relative to the page, like every API call. */
export function liveUrl(base: string = document.baseURI): string {
  const url = new URL('api/v1/live', base);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.hash = '';
  return url.toString();
}

/**
 * One WebSocket per signed-in page, reconnecting with backoff. It remembers the event
 * subscription and sends it again on every (re)connect; the server answers `subscribed` each
 * time, which is the listener's cue to catch up from the REST API.
 *
 * The server answers every `subscribe` with one `subscribed`, in order. Until the answer to the
 * latest one arrives, `events` and earlier `subscribed` answers belong to a subscription this
 * client has replaced (they were in flight): they are dropped, so a listener never sees another
 * filter's events.
 */
export class LiveClient {
  private socket: SocketLike | undefined;
  private status: LiveStatus = 'closed';
  private subscription: Record<string, string[]> | null = null;
  private readonly listeners = new Set<(message: LiveServerMessage) => void>();
  private readonly statusListeners = new Set<(status: LiveStatus) => void>();
  private failures = 0;
  /** `subscribe` messages sent on this socket whose `subscribed` has not arrived yet. */
  private unanswered = 0;
  /** Whether anything arrived since the last ping: a silent peer is a dead connection. */
  private heard = true;
  private stopped = true;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly url: string,
    private readonly open: (url: string) => SocketLike = (u) => new WebSocket(u),
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    clearInterval(this.pingTimer);
    const socket = this.socket;
    this.socket = undefined;
    if (socket) detach(socket).close();
    this.setStatus('closed');
  }

  /** Events matching `filter` (the API's query keys), or none with `null`. */
  subscribeEvents(filter: URLSearchParams | null): void {
    this.subscription = filter === null ? null : toRecord(filter);
    if (this.send({ type: 'subscribe', events: this.subscription })) this.unanswered += 1;
  }

  onMessage(listener: (message: LiveServerMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onStatus(listener: (status: LiveStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  getStatus(): LiveStatus {
    return this.status;
  }

  private connect(): void {
    this.setStatus('connecting');
    const socket = this.open(this.url);
    this.socket = socket;
    this.unanswered = 0;
    socket.onopen = () => {
      this.setStatus('open');
      this.heard = true;
      if (this.send({ type: 'subscribe', events: this.subscription })) this.unanswered = 1;
      clearInterval(this.pingTimer);
      // Proxies close idle connections; a ping every 25 s keeps this one alive, and a peer that
      // has said nothing since the previous ping is gone (a laptop slept, a network changed:
      // the browser may not notice for minutes).
      this.pingTimer = setInterval(() => {
        if (!this.heard) {
          this.drop();
          return;
        }
        this.heard = false;
        this.send({ type: 'ping' });
      }, PING_MS);
    };
    socket.onmessage = (ev) => {
      // The server spoke: the connection works, and the backoff starts again from the bottom.
      // (Not on `open`: a server that accepts and then closes at once would be retried in a loop.)
      this.failures = 0;
      this.heard = true;
      this.receive(ev.data);
    };
    socket.onclose = () => this.closed();
    socket.onerror = () => {
      // `close` follows every error; reconnecting happens there.
    };
  }

  /** The socket is gone: say so and, unless stopped, come back after a while. */
  private closed(): void {
    clearInterval(this.pingTimer);
    this.socket = undefined;
    this.setStatus('closed');
    if (!this.stopped) this.scheduleReconnect();
  }

  /** Gives up on a silent socket at once rather than waiting for its closing handshake. */
  private drop(): void {
    const socket = this.socket;
    if (!socket) return;
    detach(socket).close();
    this.closed();
  }

  private scheduleReconnect(): void {
    this.failures += 1;
    const ceiling = Math.min(MAX_BACKOFF_MS, 500 * 2 ** Math.min(this.failures, 5));
    // Full jitter: a server restart does not get every browser back in the same millisecond.
    this.reconnectTimer = setTimeout(() => this.connect(), Math.random() * ceiling);
  }

  private receive(data: unknown): void {
    if (typeof data !== 'string') return;
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      return;
    }
    const parsed = LiveServerMessageSchema.safeParse(json);
    if (!parsed.success) return;
    const message = parsed.data;
    if (message.type === 'subscribed') {
      this.unanswered = Math.max(0, this.unanswered - 1);
      if (this.unanswered > 0) return;
    } else if (message.type === 'events' && this.unanswered > 0) {
      return;
    }
    for (const listener of [...this.listeners]) listener(message);
  }

  /** Whether the message went out (it does not while the socket is not open). */
  private send(message: LiveClientMessage): boolean {
    if (this.socket?.readyState !== OPEN) return false;
    this.socket.send(JSON.stringify(message));
    return true;
  }

  private setStatus(status: LiveStatus): void {
    if (status === this.status) return;
    this.status = status;
    for (const listener of [...this.statusListeners]) listener(status);
  }
}

/** Nothing more from `socket` reaches the client (a message in flight while closing, its close). */
function detach(socket: SocketLike): SocketLike {
  socket.onopen = null;
  socket.onmessage = null;
  socket.onerror = null;
  socket.onclose = null;
  return socket;
}

function toRecord(search: URLSearchParams): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [key, value] of search) (out[key] ??= []).push(value);
  return out;
}
