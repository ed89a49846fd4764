import type { LiveEvent, StoredEvent } from '@aerie/contracts';
import { act, renderHook, waitFor } from '@testing-library/react';
import { createElement, type ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { storedEvent } from '../../test/events.fixture';
import { fakeApi, type Call } from '../../test/fake-api';
import { fakeLive } from '../../test/fake-live';
import { LiveProvider } from './live-context';
import { toLive, useLiveEvents } from './use-live-events';

/** Outputs longer than the live stream carries. */
const stored = (seq: number): StoredEvent => storedEvent(seq, { output: 'x'.repeat(600) });
const ev = (seq: number): LiveEvent => toLive(stored(seq));
const seqs = (batches: LiveEvent[][]): number[][] => batches.map((b) => b.map((e) => e.seq));

/** The hook over a fake socket; `batches` collects what it hands on, `resets` counts resets. */
function follow(filter: string | null = 'namespace=payments&since=24h') {
  const live = fakeLive();
  const batches: LiveEvent[][] = [];
  const onReset = vi.fn();
  const wrapper = ({ children }: { children: ReactNode }) =>
    createElement(LiveProvider, { client: live.client, children });
  const hook = renderHook(
    ({ f }: { f: string | null }) =>
      useLiveEvents({
        filter: f === null ? null : new URLSearchParams(f),
        onEvents: (items) => batches.push(items),
        onReset,
      }),
    { wrapper, initialProps: { f: filter } },
  );
  return { live, batches, onReset, hook };
}

/** A server whose event pages (sort=seq, asc) are cut from `events`, `size` at a time. */
function pagedServer(events: StoredEvent[], size = 2) {
  return fakeApi({
    'GET /api/v1/events': (call: Call) => {
      const after = Number(call.query.get('cursor')?.replace('seq:', '') ?? 0);
      const rest = events.filter((e) => e.seq > after);
      const items = rest.slice(0, size);
      const more = rest.length > size;
      return {
        status: 200,
        body: { items, next_cursor: more ? `seq:${items.at(-1)?.seq}` : null },
      };
    },
  });
}

describe('useLiveEvents', () => {
  it('subscribes with the filter and starts afresh on the first answer', async () => {
    const { live, onReset, batches } = follow();
    act(() => live.current().accept());
    expect(live.current().sent).toEqual([
      { type: 'subscribe', events: { namespace: ['payments'], since: ['24h'] } },
    ]);
    act(() => live.current().push({ type: 'subscribed', cursor: 'seq:10' }));
    expect(onReset).toHaveBeenCalledTimes(1);
    await new Promise((r) => requestAnimationFrame(r));
    expect(batches).toEqual([]);
  });

  it('hands on the messages of a frame at once, oldest first', async () => {
    const { live, batches } = follow();
    act(() => {
      live.current().accept();
      live.current().push({ type: 'subscribed', cursor: 'seq:10' });
      live.current().push({ type: 'events', items: [ev(11), ev(12)], cursor: 'seq:12' });
      live.current().push({ type: 'events', items: [ev(13)], cursor: 'seq:13' });
    });
    await waitFor(() => expect(seqs(batches)).toEqual([[11, 12, 13]]));
    act(() => live.current().push({ type: 'events', items: [ev(14)], cursor: 'seq:14' }));
    await waitFor(() => expect(seqs(batches)).toEqual([[11, 12, 13], [14]]));
  });

  it('after a reconnect, reads what it missed from its last cursor, then what came live', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0); // reconnect at once
    const api = pagedServer([11, 12, 13, 14, 15, 16].map(stored));
    const { live, batches, onReset } = follow();
    act(() => {
      live.current().accept();
      live.current().push({ type: 'subscribed', cursor: 'seq:10' });
      live.current().push({ type: 'events', items: [ev(11)], cursor: 'seq:11' });
    });
    await waitFor(() => expect(seqs(batches)).toEqual([[11]]));

    act(() => live.current().close());
    await waitFor(() => expect(live.sockets).toHaveLength(2));
    act(() => {
      live.current().accept();
      // Stored while the socket was down: 12–15; 16 arrives live during the catch-up.
      live.current().push({ type: 'subscribed', cursor: 'seq:15' });
      live.current().push({ type: 'events', items: [ev(16)], cursor: 'seq:16' });
    });
    expect(live.current().sent[0]).toEqual({
      type: 'subscribe',
      events: { namespace: ['payments'], since: ['24h'] },
    });

    // Repeats (16 was both read and pushed) are the caller's to drop, by id.
    await waitFor(() => expect(seqs(batches)).toEqual([[11], [12, 13, 14, 15, 16, 16]]));
    const reads = api.callsTo('GET /api/v1/events').map((c) => c.query.toString());
    expect(reads).toEqual([
      'namespace=payments&since=24h&sort=seq&order=asc&limit=1000&cursor=seq%3A11',
      'namespace=payments&since=24h&sort=seq&order=asc&limit=1000&cursor=seq%3A13',
      'namespace=payments&since=24h&sort=seq&order=asc&limit=1000&cursor=seq%3A15',
    ]);
    // The caught-up events are what the live stream would have carried (output cut).
    expect(batches[1]?.[0]?.output).toHaveLength(500);
    expect(onReset).toHaveBeenCalledTimes(1);
  });

  it('catches up after a resync, one catch-up at a time', async () => {
    const api = pagedServer([21, 22, 23].map(stored), 1000);
    const { live, batches } = follow();
    act(() => {
      live.current().accept();
      live.current().push({ type: 'subscribed', cursor: 'seq:20' });
      live.current().push({ type: 'resync' });
      live.current().push({ type: 'resync' });
    });
    await waitFor(() => expect(seqs(batches)).toEqual([[21, 22, 23, 21, 22, 23]]));
    expect(api.callsTo('GET /api/v1/events')).toHaveLength(2);
  });

  it('reloads instead when the catch-up fails or there is too much to read', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const api = fakeApi({
      'GET /api/v1/events': { status: 503, body: { error: 'x', message: 'down' } },
    });
    const { live, batches, onReset } = follow();
    act(() => {
      live.current().accept();
      live.current().push({ type: 'subscribed', cursor: 'seq:1' });
      live.current().push({ type: 'resync' });
      live.current().push({ type: 'events', items: [ev(5)], cursor: 'seq:5' }); // dropped: reload
    });
    await waitFor(() => expect(onReset).toHaveBeenCalledTimes(2));

    const many = Array.from({ length: 1001 }, (_, i) => stored(100 + i));
    api.on('GET /api/v1/events', (call) => {
      const page = Number(call.query.get('cursor')?.replace('page:', '') ?? 0);
      return { status: 200, body: { items: many, next_cursor: `page:${page + 1}` } };
    });
    act(() => live.current().push({ type: 'resync' }));
    await waitFor(() => expect(onReset).toHaveBeenCalledTimes(3));
    // 21 pages of 1001 pass the 20 000 a catch-up may replay.
    expect(api.callsTo('GET /api/v1/events').length).toBe(1 + 20);
    expect(batches).toEqual([]);
  });

  it('follows a new filter from its own start, ignoring what the old one had in flight', async () => {
    const { live, batches, onReset, hook } = follow('namespace=a');
    act(() => {
      live.current().accept();
      live.current().push({ type: 'subscribed', cursor: 'seq:1' });
    });
    hook.rerender({ f: 'namespace=b' });
    expect(live.current().sent.slice(1)).toEqual([
      { type: 'subscribe', events: null },
      { type: 'subscribe', events: { namespace: ['b'] } },
    ]);
    act(() => {
      live.current().push({ type: 'events', items: [ev(2)], cursor: 'seq:2' }); // namespace=a's
      live.current().push({ type: 'subscribed', cursor: 'seq:2' }); // answers null
      live.current().push({ type: 'subscribed', cursor: 'seq:2' }); // answers namespace=b
      live.current().push({ type: 'events', items: [ev(3)], cursor: 'seq:3' });
    });
    await waitFor(() => expect(seqs(batches)).toEqual([[3]]));
    expect(onReset).toHaveBeenCalledTimes(2);
  });

  it('with no filter, follows nothing', async () => {
    const { live, batches, onReset } = follow(null);
    act(() => {
      live.current().accept();
      live.current().push({ type: 'subscribed', cursor: 'seq:1' });
      live.current().push({ type: 'events', items: [ev(2)], cursor: 'seq:2' });
    });
    await new Promise((r) => requestAnimationFrame(r));
    expect(live.current().sent).toEqual([{ type: 'subscribe', events: null }]);
    expect(onReset).not.toHaveBeenCalled();
    expect(batches).toEqual([]);
  });

  it('unsubscribes when the filter goes', async () => {
    const { live, hook, batches } = follow();
    act(() => {
      live.current().accept();
      live.current().push({ type: 'subscribed', cursor: 'seq:1' });
    });
    hook.rerender({ f: null });
    expect(live.current().sent.at(-1)).toEqual({ type: 'subscribe', events: null });
    act(() => live.current().push({ type: 'events', items: [ev(2)], cursor: 'seq:2' }));
    await new Promise((r) => requestAnimationFrame(r));
    expect(batches).toEqual([]);
  });
});
