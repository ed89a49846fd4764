import type { LiveServerMessage } from '@aerie/contracts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { liveEvent } from '../../test/events.fixture';
import { fakeLive } from '../../test/fake-live';
import { liveUrl, type LiveStatus } from './live-client';

const EVENT = liveEvent(7);

function started() {
  const live = fakeLive();
  const received: LiveServerMessage[] = [];
  const statuses: LiveStatus[] = [];
  live.client.onMessage((m) => received.push(m));
  live.client.onStatus((s) => statuses.push(s));
  live.client.start();
  return { ...live, received, statuses };
}

describe('liveUrl', () => {
  it('is the page-relative live endpoint over ws, or wss behind https', () => {
    expect(liveUrl('http://aerie.test/')).toBe('ws://aerie.test/api/v1/live');
    expect(liveUrl('https://corp.example/aerie/#/events?x=1')).toBe(
      'wss://corp.example/aerie/api/v1/live',
    );
  });
});

describe('LiveClient', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    // The jitter takes the whole ceiling: the waits below are the longest the client may take.
    vi.spyOn(Math, 'random').mockReturnValue(0.999);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('subscribes on open, and again on every reconnect', () => {
    const live = started();
    expect(live.statuses).toEqual(['connecting']);
    live.client.subscribeEvents(new URLSearchParams('priority=critical&priority=error'));
    expect(live.current().sent).toEqual([]); // not open yet: kept for the open

    live.current().accept();
    const subscribe = {
      type: 'subscribe',
      events: { priority: ['critical', 'error'] },
    };
    expect(live.current().sent).toEqual([subscribe]);
    expect(live.client.getStatus()).toBe('open');

    live.current().close();
    expect(live.client.getStatus()).toBe('closed');
    vi.advanceTimersByTime(1000);
    expect(live.sockets).toHaveLength(2);
    live.current().accept();
    expect(live.current().sent).toEqual([subscribe]);
    expect(live.statuses).toEqual(['connecting', 'open', 'closed', 'connecting', 'open']);
  });

  it('waits longer after each failure, up to 10 s, and starts over once the server speaks', () => {
    const live = started();
    // Ceilings: 1 s, 2 s, 4 s, 8 s, then 10 s.
    for (const wait of [1000, 2000, 4000, 8000, 10_000, 10_000]) {
      const count = live.sockets.length;
      live.current().close();
      vi.advanceTimersByTime(wait - 20);
      expect(live.sockets).toHaveLength(count);
      vi.advanceTimersByTime(20);
      expect(live.sockets).toHaveLength(count + 1);
    }

    // Opening is not enough (a server may accept and close at once)...
    live.current().accept();
    live.current().close();
    vi.advanceTimersByTime(9_000);
    expect(live.sockets).toHaveLength(7);
    vi.advanceTimersByTime(1_000);
    expect(live.sockets).toHaveLength(8);

    // ...a message from the server is.
    live.current().accept();
    live.current().push({ type: 'subscribed', cursor: 'c1' });
    live.current().close();
    vi.advanceTimersByTime(1000);
    expect(live.sockets).toHaveLength(9);
  });

  it('drops what belongs to a subscription it replaced', () => {
    const live = started();
    live.current().accept();
    live.current().push({ type: 'subscribed', cursor: 'c0' }); // answers the open's subscribe
    live.client.subscribeEvents(new URLSearchParams('namespace=a'));
    live.client.subscribeEvents(new URLSearchParams('namespace=b'));

    // In flight before the server read the new subscriptions: not for this filter.
    live.current().push({ type: 'events', items: [EVENT], cursor: 'c1' });
    live.current().push({ type: 'subscribed', cursor: 'c2' }); // answers namespace=a
    live.current().push({ type: 'events', items: [EVENT], cursor: 'c3' }); // namespace=a's
    live.current().push({ type: 'pong' }); // not about events: passed on
    live.current().push({ type: 'subscribed', cursor: 'c4' }); // answers namespace=b
    live.current().push({ type: 'events', items: [EVENT], cursor: 'c5' });

    expect(live.received.map((m) => ('cursor' in m ? m.cursor : m.type))).toEqual([
      'c0',
      'pong',
      'c4',
      'c5',
    ]);
  });

  it('pings every 25 s and reconnects when the server has gone silent', () => {
    const live = started();
    live.current().accept();
    vi.advanceTimersByTime(25_000);
    expect(live.current().sent.at(-1)).toEqual({ type: 'ping' });
    live.current().push({ type: 'pong' });
    vi.advanceTimersByTime(25_000);
    expect(live.current().sent.filter((m) => m.type === 'ping')).toHaveLength(2);
    expect(live.client.getStatus()).toBe('open');

    // No answer to the second ping: the third tick gives up on the socket.
    vi.advanceTimersByTime(25_000);
    expect(live.client.getStatus()).toBe('closed');
    expect(live.sockets[0]?.readyState).toBe(3);
    vi.advanceTimersByTime(10_000);
    expect(live.sockets).toHaveLength(2);
  });

  it('hands on valid messages only', () => {
    const live = started();
    live.current().accept();
    const socket = live.current();
    socket.onmessage?.(new MessageEvent('message', { data: 'not json' }));
    socket.onmessage?.(new MessageEvent('message', { data: '{"type":"nope"}' }));
    socket.onmessage?.(new MessageEvent('message', { data: new ArrayBuffer(2) }));
    socket.push({ type: 'resync' });
    expect(live.received).toEqual([{ type: 'resync' }]);
  });

  it('stops for good: no reconnect, nothing more handed on', () => {
    const live = started();
    live.current().accept();
    const socket = live.current();
    live.client.stop();
    expect(socket.readyState).toBe(3);
    expect(live.client.getStatus()).toBe('closed');
    socket.push({ type: 'resync' });
    vi.advanceTimersByTime(60_000);
    expect(live.sockets).toHaveLength(1);
    expect(live.received).toEqual([]);
  });
});
