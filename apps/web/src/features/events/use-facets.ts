import { StatsSchema, type Stats } from '@aerie/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef } from 'react';
import { withQuery } from '../../shared/filter/filter-params';
import { useApi } from '../../shared/query';

/** Values per facet: the top ones are what a reader clicks. */
const TOP = 10;
/** Live events make the counts stale; they are read again at most this often. */
const FACETS_REFRESH_MS = 5_000;

/**
 * Counts per facet for `filter` from `GET /api/v1/stats` (never by downloading events), and
 * `nudge` for the live tail: new events read the counts again, at most every 5 s.
 */
export function useFacets(filter: URLSearchParams): {
  stats: Stats | undefined;
  error: Error | null;
  nudge: () => void;
} {
  const params = new URLSearchParams(filter);
  params.set('top', String(TOP));
  const path = withQuery('/api/v1/stats', params);
  const query = useApi(path, StatsSchema, { keepPrevious: true });
  const client = useQueryClient();
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(
    () => () => {
      clearTimeout(timer.current);
      timer.current = undefined;
    },
    [path],
  );

  const nudge = useCallback(() => {
    timer.current ??= setTimeout(() => {
      timer.current = undefined;
      void client.invalidateQueries({ queryKey: ['api', path] });
    }, FACETS_REFRESH_MS);
  }, [client, path]);

  return { stats: query.data, error: query.error, nudge };
}
