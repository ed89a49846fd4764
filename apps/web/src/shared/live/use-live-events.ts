import {
  LIVE_OUTPUT_MAX,
  pageSchema,
  StoredEventSchema,
  type LiveEvent,
  type StoredEvent,
} from '@aerie/contracts';
import { useEffect, useRef } from 'react';
import { getJson } from '../api';
import { withQuery } from '../filter/filter-params';
import { useLiveClient } from './live-context';

const PageSchema = pageSchema(StoredEventSchema);
const CATCH_UP_PAGE = 1000;
/** Past this many missed events a reconnect reloads the view instead of replaying them all. */
const CATCH_UP_MAX = 20_000;

export interface LiveEventsOptions {
  /** The API's filter keys; `null` subscribes to nothing. */
  filter: URLSearchParams | null;
  /** New events, oldest first, at most once per animation frame. May repeat ids after a catch-up. */
  onEvents: (items: LiveEvent[]) => void;
  /**
   * The subscription (re)started with nothing to catch up from (first subscribe, a changed
   * filter, or more missed than is worth replaying): load the view afresh.
   */
  onReset: () => void;
}

/**
 * Follows new events for `filter`: subscribes on the live socket, coalesces messages per frame,
 * and after a reconnect or a `resync` catches up from the REST API from the last cursor it saw,
 * so nothing is missed.
 */
export function useLiveEvents({ filter, onEvents, onReset }: LiveEventsOptions): void {
  const client = useLiveClient();
  const handlers = useRef({ onEvents, onReset });
  handlers.current = { onEvents, onReset };
  const filterText = filter?.toString() ?? null;

  useEffect(() => {
    const query = filterText === null ? null : new URLSearchParams(filterText);
    let cursor: string | undefined;
    let catchingUp = false;
    let buffer: LiveEvent[] = [];
    let frame: number | undefined;
    let disposed = false;

    const flush = () => {
      frame = undefined;
      if (catchingUp || buffer.length === 0) return;
      const items = buffer;
      buffer = [];
      handlers.current.onEvents(items);
    };
    const schedule = () => {
      frame ??= requestAnimationFrame(flush);
    };

    const catchUp = async (from: string) => {
      catchingUp = true;
      try {
        let next: string | null = from;
        let seen = 0;
        const caught: LiveEvent[] = [];
        while (next !== null && !disposed) {
          const params = new URLSearchParams(query ?? undefined);
          params.set('sort', 'seq');
          params.set('order', 'asc');
          params.set('limit', String(CATCH_UP_PAGE));
          params.set('cursor', next);
          const page = await getJson(withQuery('/api/v1/events', params), PageSchema);
          caught.push(...page.items.map(toLive));
          seen += page.items.length;
          if (page.next_cursor !== null) cursor = page.next_cursor;
          next = page.next_cursor;
          if (seen > CATCH_UP_MAX) {
            buffer = [];
            handlers.current.onReset();
            return;
          }
        }
        // Live messages that arrived meanwhile follow what was caught up; repeats are the
        // caller's to drop (by id).
        buffer = [...caught, ...buffer];
      } catch {
        // The page reloads its list instead: nothing is missed, only the tail is re-read.
        buffer = [];
        if (!disposed) handlers.current.onReset();
      } finally {
        catchingUp = false;
        if (!disposed) schedule();
      }
    };

    const off = client.onMessage((message) => {
      switch (message.type) {
        case 'subscribed': {
          const from = cursor;
          cursor = message.cursor;
          if (from === undefined) handlers.current.onReset();
          else void catchUp(from);
          break;
        }
        case 'events':
          cursor = message.cursor;
          buffer.push(...message.items);
          schedule();
          break;
        case 'resync':
          if (cursor !== undefined) void catchUp(cursor);
          else handlers.current.onReset();
          break;
        default:
          break;
      }
    });
    client.subscribeEvents(query);
    return () => {
      disposed = true;
      off();
      if (frame !== undefined) cancelAnimationFrame(frame);
      client.subscribeEvents(null);
    };
  }, [client, filterText]);
}

/** A stored event as the live stream would have carried it. */
export function toLive(event: StoredEvent): LiveEvent {
  return {
    id: event.id,
    seq: event.seq,
    received_at: event.received_at,
    time: event.time,
    priority: event.priority,
    rule: event.rule,
    output: event.output === null ? null : event.output.slice(0, LIVE_OUTPUT_MAX),
    source: event.source,
    tags: event.tags,
    hostname: event.hostname,
    cluster: event.cluster,
    namespace: event.namespace,
    workload: event.workload,
    pod: event.pod,
    boundary: event.boundary,
    group_id: event.group_id,
  };
}
