import type { AlertGroup, GroupActivity, Page } from '@aerie/contracts';
import {
  useInfiniteQuery,
  useQuery,
  type InfiniteData,
  type UseInfiniteQueryResult,
  type UseQueryResult,
} from '@tanstack/react-query';
import { getGroup, listActivity } from './triage.api';
import { triageKeys } from './triage-cache';

const ACTIVITY_PAGE = 100;

/** One group, kept current by live messages (see triage-cache). */
export function useGroup(id: string): UseQueryResult<AlertGroup, Error> {
  return useQuery({
    queryKey: triageKeys.detail(id),
    queryFn: ({ signal }) => getGroup(id, signal),
  });
}

/** The group's comments and changes, oldest first. */
export function useGroupActivity(
  id: string,
): UseInfiniteQueryResult<InfiniteData<Page<GroupActivity>, string | undefined>, Error> {
  return useInfiniteQuery({
    queryKey: triageKeys.activity(id),
    queryFn: ({ pageParam, signal }) =>
      listActivity(id, { cursor: pageParam, limit: ACTIVITY_PAGE, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}
