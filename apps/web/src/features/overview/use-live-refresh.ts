import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useLiveEvents } from '../../shared/live/use-live-events';
import { throttle, type Throttled } from './throttle';

/** Counts are re-read at most this often while events stream in (not once per message). */
export const LIVE_REFRESH_MS = 5_000;

/**
 * Keeps the answer of `path` (a `useApi` query) current while new events matching `filter`
 * arrive: the live stream only says "something changed"; the counts come from the API again.
 */
export function useLiveRefresh(filter: URLSearchParams, path: string): void {
  const queryClient = useQueryClient();
  const refresh = useRef<Throttled | undefined>(undefined);

  useEffect(() => {
    const throttled = throttle(() => {
      void queryClient.invalidateQueries({ queryKey: ['api', path], exact: true });
    }, LIVE_REFRESH_MS);
    refresh.current = throttled;
    return () => throttled.cancel();
  }, [queryClient, path]);

  useLiveEvents({
    filter,
    onEvents: () => refresh.current?.call(),
    // After a gap too long to replay (or a new subscription), the counts may be behind too.
    onReset: () => refresh.current?.call(),
  });
}
