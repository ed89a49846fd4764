import {
  AuditEntrySchema,
  ChainCheckSchema,
  type AuditEntry,
  type ChainCheck,
} from '@aerie/contracts';
import { useInfiniteQuery, useMutation, type UseMutationResult } from '@tanstack/react-query';
import { getJson, itemsSchema } from '../../../shared/api';
import { auditQuery, type AuditFilter } from './audit.view';

const AuditPageSchema = itemsSchema(AuditEntrySchema);
export const AUDIT_PAGE_SIZE = 50;

export interface AuditLog {
  entries: AuditEntry[];
  error: Error | null;
  loading: boolean;
  hasMore: boolean;
  loadingMore: boolean;
  loadMore: () => void;
  refresh: () => void;
}

/** The audit trail, newest first, a page at a time (keyset: `before` = the last seq seen). */
export function useAuditLog(filter: AuditFilter): AuditLog {
  const query = useInfiniteQuery({
    queryKey: ['audit', filter.actor ?? null, filter.action ?? null],
    initialPageParam: undefined as number | undefined,
    queryFn: ({ pageParam, signal }) =>
      getJson(
        `/api/v1/audit?${auditQuery(filter, AUDIT_PAGE_SIZE, pageParam)}`,
        AuditPageSchema,
        signal,
      ),
    getNextPageParam: (page) =>
      page.items.length < AUDIT_PAGE_SIZE ? undefined : page.items[page.items.length - 1]?.seq,
  });
  return {
    entries: query.data?.pages.flatMap((p) => p.items) ?? [],
    error: query.error,
    loading: query.isPending,
    hasMore: query.hasNextPage,
    loadingMore: query.isFetchingNextPage,
    loadMore: () => void query.fetchNextPage(),
    refresh: () => void query.refetch(),
  };
}

/** Recomputes the whole hash chain on the server: asked for, not run on every visit. */
export function useVerifyChain(): UseMutationResult<ChainCheck, Error, void> {
  return useMutation({ mutationFn: () => getJson('/api/v1/audit/verify', ChainCheckSchema) });
}
