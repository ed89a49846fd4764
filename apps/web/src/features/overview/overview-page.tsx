import { Alert, Group, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useMemo } from 'react';
import { chipsOf, removeValue } from '../../shared/filter/filter-params';
import { rangeOf, withRange } from '../../shared/filter/time-range';
import { FilterChips } from '../../shared/filter/filter-chips';
import { TimeRangePicker } from '../../shared/filter/time-range-picker';
import { formatCount } from '../../shared/format';
import { useSearch } from '../../shared/use-route';
import { CountCard } from './count-card';
import { DIMENSIONS, overviewFilter, slicesOf, statsPath } from './overview.view';
import { PriorityHistogram } from './priority-histogram';
import { useLiveRefresh } from './use-live-refresh';
import { useOverviewStats } from './use-overview-stats';

/** Dimensions drawn as a donut besides their list: few values, where proportions tell. */
const DONUTS = new Set(['priority', 'boundary']);

/**
 * What happened across every cluster at a glance, for the URL's filter and time range, kept
 * current by the live stream. Every count links to the Events view narrowed to it.
 */
export function OverviewPage() {
  const [search, setSearch] = useSearch();
  const searchText = search.toString();
  const filter = useMemo(() => overviewFilter(new URLSearchParams(searchText)), [searchText]);
  const path = statsPath(filter);
  const stats = useOverviewStats(path);
  useLiveRefresh(filter, path);

  return (
    <Stack component="section" aria-labelledby="overview-heading" gap="md" p="md">
      <Group justify="space-between" align="baseline">
        <Title order={2} id="overview-heading">
          Overview
        </Title>
        {stats.data && (
          <Text fw={600}>
            {`${formatCount(stats.data.total)} ${stats.data.total === 1 ? 'event' : 'events'}`}
          </Text>
        )}
      </Group>
      <TimeRangePicker
        value={rangeOf(search)}
        onChange={(range) => setSearch(withRange(search, range))}
      />
      <FilterChips
        chips={chipsOf(search)}
        onRemove={(chip) => setSearch(removeValue(search, chip.key, chip.value))}
      />
      {stats.error && (
        <Alert color="red" title="Could not load the statistics">
          {stats.error.message}
        </Alert>
      )}
      {stats.isPending && <Loader role="status" aria-label="Loading statistics" />}
      {stats.data && (
        <>
          <PriorityHistogram stats={stats.data} filter={filter} />
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
            {DIMENSIONS.map((dimension) => (
              <CountCard
                key={dimension.key}
                dimension={dimension}
                slices={slicesOf(stats.data, dimension, filter)}
                withDonut={DONUTS.has(dimension.key)}
              />
            ))}
          </SimpleGrid>
        </>
      )}
    </Stack>
  );
}
