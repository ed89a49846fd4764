import {
  keepPreviousData,
  QueryClient,
  useQuery,
  type UseQueryResult,
} from '@tanstack/react-query';
import { ApiError, getJson, type Schema } from './api';

/**
 * Server data lives here. Live messages invalidate or patch it; nothing polls on a timer except
 * where the server has no push (health).
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Every page opened reads afresh: live messages keep open pages current, but a page
        // that was closed missed them.
        staleTime: 0,
        refetchOnWindowFocus: false,
        // 4xx answers are answers (forbidden, not found, bad filter): do not ask again.
        retry: (count, err) =>
          count < 2 && !(err instanceof ApiError && err.status !== undefined && err.status < 500),
      },
    },
  });
}

/** GET `path` (which keys the cache) and validate the answer with `schema`. */
export function useApi<T>(
  path: string,
  schema: Schema<T>,
  options: {
    enabled?: boolean;
    refetchInterval?: number;
    keepPrevious?: boolean;
    /** For data that changes rarely and no live message announces (who may be assigned). */
    staleTime?: number;
  } = {},
): UseQueryResult<T, Error> {
  return useQuery<T, Error, T, string[]>({
    queryKey: ['api', path],
    queryFn: ({ signal }) => getJson(path, schema, signal),
    enabled: options.enabled ?? true,
    ...(options.staleTime !== undefined ? { staleTime: options.staleTime } : {}),
    refetchInterval: options.refetchInterval,
    placeholderData: options.keepPrevious ? keepPreviousData : undefined,
  });
}
