import { pageSchema, StoredEventSchema, type Page, type StoredEvent } from '@aerie/contracts';
import { getJson } from '../../shared/api';
import { REFRESH_MS } from '../../shared/refresh';
import { usePolling, type Polled } from '../../shared/use-polling';

const EventPageSchema = pageSchema(StoredEventSchema);

/** The latest `limit` events, newest first. */
export function useEvents(limit = 50): Polled<Page<StoredEvent>> {
  return usePolling(
    (signal) => getJson(`/api/v1/events?limit=${limit}`, EventPageSchema, signal),
    REFRESH_MS,
    String(limit),
  );
}
