import { StatsSchema, type Stats } from '@aerie/contracts';
import { getJson } from '../../shared/api';
import { REFRESH_MS } from '../../shared/refresh';
import { usePolling, type Polled } from '../../shared/use-polling';

/** The window the dashboard summarises. */
export const STATS_WINDOW = '24h';

export function useStats(): Polled<Stats> {
  return usePolling(
    (signal) => getJson(`/api/v1/stats?since=${STATS_WINDOW}`, StatsSchema, signal),
    REFRESH_MS,
  );
}
