import { StatsSchema, type Stats } from '@aerie/contracts';
import type { UseQueryResult } from '@tanstack/react-query';
import { useApi } from '../../shared/query';

/** `GET /api/v1/stats` at `path`; the previous answer stays on screen while a new range loads. */
export function useOverviewStats(path: string): UseQueryResult<Stats, Error> {
  return useApi(path, StatsSchema, { keepPrevious: true });
}
