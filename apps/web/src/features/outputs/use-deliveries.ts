import { DeliverySchema, type Delivery } from '@aerie/contracts';
import { useInfiniteQuery } from '@tanstack/react-query';
import { getJson, itemsSchema } from '../../shared/api';

const DeliveryListSchema = itemsSchema(DeliverySchema);

/** `dead`: given up on; `failed`: still pending after a failed attempt. */
export type DeliveryList = 'dead' | 'failed';

export interface Deliveries {
  items: Delivery[];
  error: Error | null;
  loading: boolean;
  hasMore: boolean;
  loadingMore: boolean;
  loadMore: () => void;
}

/**
 * One output's dead or failing deliveries, newest first, `pageSize` at a time ("Load more"
 * pages with `before`, the last id seen). Keyed `['deliveries', output, list]`.
 */
export function useDeliveries(
  output: string,
  list: DeliveryList,
  options: { pageSize: number; enabled: boolean },
): Deliveries {
  const query = useInfiniteQuery({
    queryKey: ['deliveries', output, list],
    enabled: options.enabled,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) => {
      const params = new URLSearchParams({
        status: list,
        output,
        limit: String(options.pageSize),
      });
      if (pageParam !== undefined) params.set('before', pageParam);
      return getJson(`/api/v1/deliveries?${params.toString()}`, DeliveryListSchema, signal);
    },
    getNextPageParam: (page) =>
      page.items.length < options.pageSize ? undefined : page.items[page.items.length - 1]?.id,
  });
  return {
    items: query.data?.pages.flatMap((p) => p.items) ?? [],
    error: query.error,
    loading: query.isPending && options.enabled,
    hasMore: query.hasNextPage,
    loadingMore: query.isFetchingNextPage,
    loadMore: () => void query.fetchNextPage(),
  };
}
