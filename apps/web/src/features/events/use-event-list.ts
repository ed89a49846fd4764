import { pageSchema, StoredEventSchema } from '@aerie/contracts';
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { getJson } from '../../shared/api';
import { withQuery } from '../../shared/filter/filter-params';
import { toLive, useLiveEvents } from '../../shared/live/use-live-events';
import { EventRows, type RowsView } from './event-rows';

const PageSchema = pageSchema(StoredEventSchema);
/** Rows per API page: a screenful several times over, small enough to answer fast. */
const PAGE_SIZE = 200;

export interface EventListState extends RowsView {
  /** Reads the next older page (once at a time; nothing at the end). */
  loadOlder: () => void;
  /** Shows the held-back events (or reloads when too many were held). */
  showNew: () => void;
  /** After an error: reads again what failed (the first page, or the next older one). */
  retry: () => void;
}

/**
 * The events matching `filter` (the API's keys, time range included), newest first: the API's
 * pages as the reader scrolls, and new events live on top (`live`), held back while `hold`.
 *
 * Not a TanStack query: the list is the API's pages merged with a live stream and capped, which
 * a cache entry keyed by URL does not model; the REST API stays the source of truth (a reset
 * reloads from it).
 */
export function useEventList(
  filter: URLSearchParams,
  options: { live: boolean; hold: boolean; onLive?: () => void },
): EventListState {
  const [store] = useState(() => new EventRows());
  const view = useSyncExternalStore(store.subscribe, store.snapshot);
  const filterText = filter.toString();
  const hold = useRef(options.hold);
  hold.current = options.hold;
  const onLive = useRef(options.onLive);
  onLive.current = options.onLive;
  /** The current list's requests: a new list (or reload) aborts the old one's. */
  const list = useRef<AbortController | undefined>(undefined);
  const olderBusy = useRef(false);

  const page = useCallback(
    (cursor: string | null, signal: AbortSignal) => {
      const params = new URLSearchParams(filterText);
      params.set('limit', String(PAGE_SIZE));
      if (cursor !== null) params.set('cursor', cursor);
      return getJson(withQuery('/api/v1/events', params), PageSchema, signal);
    },
    [filterText],
  );

  const reload = useCallback(() => {
    list.current?.abort();
    const controller = new AbortController();
    list.current = controller;
    olderBusy.current = false;
    store.reloading();
    page(null, controller.signal).then(
      (p) => {
        if (!controller.signal.aborted)
          store.firstPage(p.items.map(toLive), p.next_cursor, hold.current);
      },
      (err: unknown) => {
        if (!controller.signal.aborted) store.failed(asError(err));
      },
    );
  }, [page, store]);

  useEffect(() => {
    store.clear();
    reload();
    return () => list.current?.abort();
  }, [reload, store]);

  useLiveEvents({
    filter: options.live ? filter : null,
    onEvents: (items) => {
      store.add(items, hold.current);
      onLive.current?.();
    },
    // Reloading under a reader who is held would move the rows under their eyes: later.
    onReset: () => (hold.current ? store.markStale() : reload()),
  });

  const loadOlder = useCallback(() => {
    const { older, status } = store.snapshot();
    const controller = list.current;
    if (older === null || status === 'loading' || olderBusy.current || !controller) return;
    olderBusy.current = true;
    page(older, controller.signal).then(
      (p) => {
        if (controller.signal.aborted) return;
        olderBusy.current = false;
        store.olderPage(p.items.map(toLive), p.next_cursor);
      },
      (err: unknown) => {
        if (controller.signal.aborted) return;
        olderBusy.current = false;
        store.failed(asError(err));
      },
    );
  }, [page, store]);

  const showNew = useCallback(() => {
    if (!store.release()) reload();
  }, [reload, store]);

  // Released from holding (resumed, or back at the top): what was held goes on top.
  useEffect(() => {
    if (!options.hold) showNew();
  }, [options.hold, showNew]);

  const retry = useCallback(() => {
    if (store.snapshot().rows.length === 0) reload();
    else loadOlder();
  }, [loadOlder, reload, store]);

  return { ...view, loadOlder, showNew, retry };
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}
