import { StoredEventDetailSchema, type StoredEventDetail } from '@aerie/contracts';
import type { UseQueryResult } from '@tanstack/react-query';
import { useApi } from '../../shared/query';

/** One event with its raw payload (`GET /api/v1/events/{id}`). */
export function useEvent(id: string): UseQueryResult<StoredEventDetail, Error> {
  return useApi(`/api/v1/events/${encodeURIComponent(id)}`, StoredEventDetailSchema);
}
