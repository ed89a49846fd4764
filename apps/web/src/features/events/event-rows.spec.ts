import type { LiveEvent } from '@aerie/contracts';
import { describe, expect, it, vi } from 'vitest';
import { EventRows } from './event-rows';
import { liveEvent } from '../../test/events.fixture';

const ev = (seq: number): LiveEvent => liveEvent(seq);
const evs = (...seqs: number[]): LiveEvent[] => seqs.map(ev);
const seqsOf = (rows: EventRows): number[] => rows.snapshot().rows.map((e) => e.seq);

describe('EventRows', () => {
  it('lists the first page, then older pages below, each id once', () => {
    const rows = new EventRows();
    expect(rows.snapshot().status).toBe('loading');
    rows.firstPage(evs(10, 9, 8), 'c8', false);
    rows.olderPage(evs(8, 7, 6), 'c6');
    expect(seqsOf(rows)).toEqual([10, 9, 8, 7, 6]);
    expect(rows.snapshot()).toMatchObject({ status: 'ready', older: 'c6', held: 0 });
  });

  it('puts live events on top, newest first, dropping repeats', () => {
    const rows = new EventRows();
    rows.firstPage(evs(10, 9), null, false);
    rows.add(evs(11, 12), false);
    rows.add(evs(12, 13, 10), false); // 12 and 10 again: after a catch-up
    expect(seqsOf(rows)).toEqual([13, 12, 11, 10, 9]);
  });

  it('publishes a new view per change, and none for repeats alone', () => {
    const rows = new EventRows();
    const listener = vi.fn();
    rows.subscribe(listener);
    rows.firstPage(evs(2, 1), null, false);
    const view = rows.snapshot();
    rows.add(evs(2, 1), false);
    expect(rows.snapshot()).toBe(view);
    rows.add(evs(3), false);
    expect(rows.snapshot()).not.toBe(view);
    expect(listener).toHaveBeenCalledTimes(2);
  });

  it('holds new events back while asked, and shows them on release', () => {
    const rows = new EventRows();
    rows.firstPage(evs(10), null, false);
    rows.add(evs(11, 12), true);
    rows.add(evs(12, 13), true);
    expect(seqsOf(rows)).toEqual([10]);
    expect(rows.snapshot().held).toBe(3);
    expect(rows.release()).toBe(true);
    expect(seqsOf(rows)).toEqual([13, 12, 11, 10]);
    expect(rows.snapshot().held).toBe(0);
  });

  it('keeps at most its cap: the oldest go, and no older page is read after', () => {
    const rows = new EventRows(5);
    rows.firstPage(evs(10, 9, 8, 7), 'c7', false);
    rows.add(evs(11, 12), false);
    expect(seqsOf(rows)).toEqual([12, 11, 10, 9, 8]);
    expect(rows.snapshot()).toMatchObject({ older: null, capped: true });
    // 7 was dropped: it may come back (it is no longer a repeat).
    rows.add(evs(13), false);
    expect(seqsOf(rows)).toEqual([13, 12, 11, 10, 9]);
  });

  it('holding more than its cap turns stale: showing them must reload', () => {
    const rows = new EventRows(3);
    rows.firstPage(evs(1), null, false);
    rows.add(evs(2, 3, 4, 5), true);
    expect(rows.snapshot().stale).toBe(true);
    expect(rows.release()).toBe(false);
    rows.reloading();
    rows.firstPage(evs(5, 4, 3), null, false);
    expect(rows.snapshot()).toMatchObject({ stale: false, held: 0, status: 'ready' });

    // The live stream restarted (too much missed) while held: the held ones are not enough.
    rows.add(evs(6), true);
    rows.markStale();
    expect(rows.snapshot()).toMatchObject({ stale: true, held: 0 });
    expect(rows.release()).toBe(false);
  });

  it('keeps live events that arrive during a reload on top of its page', () => {
    const rows = new EventRows();
    rows.firstPage(evs(5, 4), null, false);
    rows.reloading();
    rows.add(evs(7, 8), false); // shown at once on the old rows...
    expect(seqsOf(rows)).toEqual([8, 7, 5, 4]);
    rows.firstPage(evs(7, 6, 5, 4), null, false); // ...and kept above the new page
    expect(seqsOf(rows)).toEqual([8, 7, 6, 5, 4]);

    rows.reloading();
    rows.add(evs(9), true);
    rows.firstPage(evs(8, 7), null, true); // held while reloading: still held after
    expect(seqsOf(rows)).toEqual([8, 7]);
    expect(rows.snapshot().held).toBe(1);
  });

  it('starts empty on clear, and says when loading failed', () => {
    const rows = new EventRows();
    rows.firstPage(evs(2, 1), 'c', false);
    rows.add(evs(3), true);
    rows.clear();
    expect(rows.snapshot()).toMatchObject({ rows: [], held: 0, older: null, status: 'loading' });
    rows.failed(new Error('down'));
    expect(rows.snapshot()).toMatchObject({ status: 'error', error: new Error('down') });
  });
});
