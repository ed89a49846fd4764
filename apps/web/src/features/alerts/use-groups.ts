import { BULK_FILTER_MAX, type AlertGroup, type Page } from '@aerie/contracts';
import {
  keepPreviousData,
  useInfiniteQuery,
  useQuery,
  type InfiniteData,
  type UseInfiniteQueryResult,
} from '@tanstack/react-query';
import { listGroups } from './triage.api';
import { triageKeys } from './triage-cache';

/** Rows per page of the list. */
export const PAGE_SIZE = 100;
const COUNT_PAGE = 1000;

/** The groups `query` selects, most recently seen first, a page at a time. */
export function useGroups(
  query: URLSearchParams,
): UseInfiniteQueryResult<InfiniteData<Page<AlertGroup>, string | undefined>, Error> {
  const text = query.toString();
  return useInfiniteQuery({
    queryKey: triageKeys.list(text),
    queryFn: ({ pageParam, signal }) =>
      listGroups(new URLSearchParams(text), { cursor: pageParam, limit: PAGE_SIZE, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

/**
 * How many groups `query` matches, for "Resolve all 1,204 groups?". There is no count endpoint:
 * the list is paged through, stopping past the bulk limit (the server would refuse the change
 * anyway). Only asked when the analyst selects every matching group and the list has not
 * loaded them all.
 */
export function useMatchingTotal(query: URLSearchParams, enabled: boolean) {
  const text = query.toString();
  return useQuery<number, Error>({
    queryKey: triageKeys.count(text),
    enabled,
    queryFn: async ({ signal }) => {
      let total = 0;
      let cursor: string | undefined;
      do {
        const page = await listGroups(new URLSearchParams(text), {
          cursor,
          limit: COUNT_PAGE,
          signal,
        });
        total += page.items.length;
        cursor = page.next_cursor ?? undefined;
      } while (cursor !== undefined && total <= BULK_FILTER_MAX);
      return total;
    },
  });
}
