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
 */
export class LiveClient {
  private socket: SocketLike | undefined;
  private status: LiveStatus = 'closed';
  private subscription: Record<string, string[]> | null = null;
  private readonly listeners = new Set<(message: LiveServerMessage) => void>();
  private readonly statusListeners = new Set<(status: LiveStatus) => void>();
  private failures = 0;
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
    if (socket) {
      socket.onclose = null;
      socket.close();
    }
    this.setStatus('closed');
  }

  /** Events matching `filter` (the API's query keys), or none with `null`. */
  subscribeEvents(filter: URLSearchParams | null): void {
    this.subscription = filter === null ? null : toRecord(filter);
    this.send({ type: 'subscribe', events: this.subscription });
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
    socket.onopen = () => {
      this.failures = 0;
      this.setStatus('open');
      this.send({ type: 'subscribe', events: this.subscription });
      clearInterval(this.pingTimer);
      // Proxies close idle connections; a ping every 25 s keeps this one alive.
      this.pingTimer = setInterval(() => this.send({ type: 'ping' }), PING_MS);
    };
    socket.onmessage = (ev) => this.receive(ev.data);
    socket.onclose = () => {
      clearInterval(this.pingTimer);
      this.socket = undefined;
      this.setStatus('closed');
      if (!this.stopped) this.scheduleReconnect();
    };
    socket.onerror = () => {
      // `close` follows every error; reconnecting happens there.
    };
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
    for (const listener of [...this.listeners]) listener(parsed.data);
  }

  private send(message: LiveClientMessage): void {
    if (this.socket?.readyState === OPEN) this.socket.send(JSON.stringify(message));
  }

  private setStatus(status: LiveStatus): void {
    if (status === this.status) return;
    this.status = status;
    for (const listener of [...this.statusListeners]) listener(status);
  }
}

function toRecord(search: URLSearchParams): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [key, value] of search) (out[key] ??= []).push(value);
  return out;
}
