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
/**
 * Events held for the next frame at most. Hidden tabs get no animation frames: past this the
 * held events are dropped and the view reloads when it is shown again.
 */
const HELD_MAX = 20_000;

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
    if (filterText === null) {
      client.subscribeEvents(null);
      return undefined;
    }
    const query = new URLSearchParams(filterText);
    const abort = new AbortController();
    /**
     * Where what was handed on (or is held) ends: the subscription's start, then each `events`
     * message's. Undefined until the first `subscribed`.
     */
    let cursor: string | undefined;
    let held: LiveEvent[] = [];
    let overflowed = false;
    let frame: number | undefined;
    /** Catch-ups run one at a time, in the order asked; live events wait for them. */
    const catchUps: string[] = [];
    let catchingUp = false;

    const reset = () => {
      held = [];
      overflowed = false;
      catchUps.length = 0;
      handlers.current.onReset();
    };
    const flush = () => {
      frame = undefined;
      if (catchingUp) return;
      if (overflowed) {
        reset();
      } else if (held.length > 0) {
        const items = held;
        held = [];
        handlers.current.onEvents(items);
      }
    };
    const schedule = () => {
      frame ??= requestAnimationFrame(flush);
    };
    const hold = (items: LiveEvent[]) => {
      if (overflowed) return;
      held.push(...items);
      if (held.length > HELD_MAX) {
        held = [];
        overflowed = true;
      }
    };

    /** Reads every event after each queued cursor, then hands them on before what was held. */
    const catchUp = async () => {
      catchingUp = true;
      const caught: LiveEvent[] = [];
      try {
        for (let from = catchUps.shift(); from !== undefined; from = catchUps.shift()) {
          let next: string | null = from;
          while (next !== null) {
            const params = new URLSearchParams(query);
            params.set('sort', 'seq');
            params.set('order', 'asc');
            params.set('limit', String(CATCH_UP_PAGE));
            params.set('cursor', next);
            const page = await getJson(
              withQuery('/api/v1/events', params),
              PageSchema,
              abort.signal,
            );
            caught.push(...page.items.map(toLive));
            if (caught.length > CATCH_UP_MAX) throw new Error('too much to catch up');
            next = page.next_cursor;
          }
        }
        // Live messages that arrived meanwhile follow what was caught up; repeats are the
        // caller's to drop (by id).
        if (!overflowed) held = [...caught, ...held];
      } catch {
        // The page reloads its list instead: nothing is missed, only the tail is re-read.
        if (!abort.signal.aborted) reset();
      } finally {
        catchingUp = false;
        if (!abort.signal.aborted) schedule();
      }
    };
    const catchUpFrom = (from: string) => {
      catchUps.push(from);
      if (!catchingUp) void catchUp();
    };

    const off = client.onMessage((message) => {
      switch (message.type) {
        case 'subscribed': {
          // The client hands on only the answer to this subscription (and to its repeats after
          // a reconnect): the first starts the view afresh, the next ones follow a gap.
          const from = cursor;
          cursor = message.cursor;
          if (from === undefined) reset();
          else catchUpFrom(from);
          break;
        }
        case 'events':
          cursor = message.cursor;
          hold(message.items);
          schedule();
          break;
        case 'resync':
          // Before the first `subscribed` there is nothing to catch up: that answer resets.
          if (cursor !== undefined) catchUpFrom(cursor);
          break;
        default:
          break;
      }
    });
    client.subscribeEvents(query);
    return () => {
      abort.abort();
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
