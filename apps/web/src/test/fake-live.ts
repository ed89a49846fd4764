import type { LiveClientMessage, LiveServerMessage } from '@aerie/contracts';
import { LiveClient, type SocketLike } from '../shared/live/live-client';

/** A socket the test drives: it records what the client sends and delivers what the test says. */
export class FakeSocket implements SocketLike {
  readyState = 0;
  readonly sent: LiveClientMessage[] = [];
  onopen: ((ev: Event) => void) | null = null;
  onclose: ((ev: CloseEvent) => void) | null = null;
  onmessage: ((ev: MessageEvent) => void) | null = null;
  onerror: ((ev: Event) => void) | null = null;

  send(data: string): void {
    this.sent.push(JSON.parse(data) as LiveClientMessage);
  }

  close(): void {
    this.readyState = 3;
    this.onclose?.(new Event('close') as CloseEvent);
  }

  /** The server accepted the connection. */
  accept(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }

  push(message: LiveServerMessage): void {
    this.onmessage?.(new MessageEvent('message', { data: JSON.stringify(message) }));
  }
}

/** A live client whose sockets are FakeSockets; `sockets` lists every one it opened. */
export function fakeLive(): {
  client: LiveClient;
  sockets: FakeSocket[];
  current: () => FakeSocket;
} {
  const sockets: FakeSocket[] = [];
  const client = new LiveClient('ws://aerie.test/api/v1/live', () => {
    const socket = new FakeSocket();
    sockets.push(socket);
    return socket;
  });
  return {
    client,
    sockets,
    current: () => {
      const last = sockets[sockets.length - 1];
      if (!last) throw new Error('the live client opened no socket');
      return last;
    },
  };
}
