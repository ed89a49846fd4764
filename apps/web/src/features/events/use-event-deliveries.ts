import {
  EventDeliverySchema,
  ReplayResultSchema,
  type EventDelivery,
  type ReplayResult,
} from '@aerie/contracts';
import {
  useMutation,
  useQueryClient,
  type UseMutationResult,
  type UseQueryResult,
} from '@tanstack/react-query';
import { itemsSchema, request } from '../../shared/api';
import { useLiveMessage } from '../../shared/live/live-context';
import { useApi } from '../../shared/query';

const DeliveriesSchema = itemsSchema(EventDeliverySchema);
type Deliveries = { items: EventDelivery[] };

const deliveriesKey = (eventId: string) => [
  'api',
  `/api/v1/events/${encodeURIComponent(eventId)}/deliveries`,
];

/**
 * Where an event went, output by output (`GET /api/v1/events/{id}/deliveries`). A live
 * `delivery` message for it shows the new state at once, then reads attempts and error again.
 */
export function useEventDeliveries(eventId: string): UseQueryResult<Deliveries, Error> {
  const client = useQueryClient();
  const key = deliveriesKey(eventId);
  useLiveMessage('delivery', ({ delivery }) => {
    if (delivery.event_id !== eventId) return;
    patchStatus(client, eventId, delivery.id, delivery.status);
    void client.invalidateQueries({ queryKey: key });
  });
  return useApi(key[1]!, DeliveriesSchema);
}

/** Admins: sends a dead delivery again (`POST /api/v1/deliveries/{id}/replay`). */
export function useReplayDelivery(eventId: string): UseMutationResult<ReplayResult, Error, string> {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      request('POST', `/api/v1/deliveries/${encodeURIComponent(id)}/replay`, {
        schema: ReplayResultSchema,
      }),
    onSuccess: (_result, id) => {
      patchStatus(client, eventId, id, 'pending');
      void client.invalidateQueries({ queryKey: deliveriesKey(eventId) });
    },
  });
}

function patchStatus(
  client: ReturnType<typeof useQueryClient>,
  eventId: string,
  id: string,
  status: EventDelivery['status'],
): void {
  client.setQueryData<Deliveries>(
    deliveriesKey(eventId),
    (data) => data && { items: data.items.map((d) => (d.id === id ? { ...d, status } : d)) },
  );
}
