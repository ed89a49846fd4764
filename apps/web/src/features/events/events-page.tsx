import type { Me } from '@aerie/contracts';
import { Box, Flex, Group, Stack, Text, Title } from '@mantine/core';
import { useCallback, useMemo } from 'react';
import {
  addValue,
  chipsOf,
  filterOf,
  isFilterKey,
  removeValue,
  withTimeRange,
} from '../../shared/filter/filter-params';
import { describeRange, isOpenEnded, rangeOf, withRange } from '../../shared/filter/time-range';
import { FilterChips } from '../../shared/filter/filter-chips';
import { SearchBox } from '../../shared/filter/search-box';
import { TimeRangePicker } from '../../shared/filter/time-range-picker';
import { formatCount } from '../../shared/format';
import { useSearch } from '../../shared/use-route';
import { ColumnPicker } from './column-picker';
import { columnsOf, withColumns } from './event-columns';
import { EventDrawer } from './event-drawer';
import { EventFacets } from './event-facets';
import { LiveEventTable } from './live-event-table';
import { useFacets } from './use-facets';

const FACETS_BOX = { overflowY: 'auto' } as const;
const TABLE_BOX = { flex: 1, minWidth: 0 } as const;
const SEARCH_BOX = { flex: 1 } as const;

/**
 * Where the analyst on call lands: every event the filter matches, newest first, new ones
 * arriving live on top, with facets beside. The URL holds the filter (the API's keys), the time
 * range, the columns (`cols`) and the open event (`id`), so the view is a link.
 */
export function EventsPage({ me }: { me: Me }) {
  const [search, setSearch] = useSearch();
  const filter = withTimeRange(filterOf(search));
  const range = rangeOf(search);
  const openId = search.get('id') ?? undefined;
  const colsParam = search.get('cols');
  const columns = useMemo(() => columnsOf(colsParam), [colsParam]);
  const facets = useFacets(filter);

  // The latest URL, so the callbacks below stay the same across renders.
  const searchText = search.toString();
  const openEvent = useCallback(
    (id: string, options: { replace: boolean }) => {
      const next = new URLSearchParams(searchText);
      next.set('id', id);
      setSearch(next, options);
    },
    [searchText, setSearch],
  );

  const clearFilters = () => {
    const next = new URLSearchParams();
    for (const [k, v] of search) {
      if (!isFilterKey(k) || k === 'since' || k === 'until') next.append(k, v);
    }
    setSearch(next);
  };

  return (
    // `miw={0}`: a wide table scrolls in its box instead of widening the page.
    <Stack gap="sm" miw={0}>
      <Group gap="sm" align="baseline">
        <Title order={2}>Events</Title>
        <Text size="sm" c="dimmed">
          {facets.stats ? `${formatCount(facets.stats.total)} · ` : ''}
          {describeRange(range)}
        </Text>
      </Group>

      <Group gap="sm" align="center">
        <SearchBox
          search={search}
          setSearch={setSearch}
          aria-label="Search events"
          placeholder="Search events  ( / )"
          miw={260}
          style={SEARCH_BOX}
        />
        <TimeRangePicker value={range} onChange={(r) => setSearch(withRange(search, r))} />
        <ColumnPicker
          columns={columns}
          onChange={(ids) => setSearch(withColumns(search, ids), { replace: true })}
        />
      </Group>

      <FilterChips
        chips={chipsOf(search)}
        onRemove={(chip) => setSearch(removeValue(search, chip.key, chip.value))}
        onClear={clearFilters}
      />

      <Flex gap="md" align="flex-start" wrap={{ base: 'wrap', md: 'nowrap' }}>
        <Box
          component="aside"
          aria-label="Facets"
          w={{ base: '100%', md: 240 }}
          mah={{ md: 'calc(100dvh - 220px)' }}
          style={FACETS_BOX}
        >
          <EventFacets
            stats={facets.stats}
            error={facets.error}
            search={search}
            onToggle={(key, value, active) =>
              setSearch(active ? removeValue(search, key, value) : addValue(search, key, value))
            }
          />
        </Box>
        <Box style={TABLE_BOX}>
          <LiveEventTable
            filter={filter}
            live={isOpenEnded(range)}
            columns={columns}
            linkBase={rowLinkBase(search)}
            openId={openId}
            onOpen={openEvent}
            onLive={facets.nudge}
          />
        </Box>
      </Flex>

      <EventDrawer
        id={openId}
        isAdmin={me.role === 'admin'}
        onClose={() => setSearch(removeValue(search, 'id'))}
      />
    </Stack>
  );
}

/** `#/events?<query without id>&`: a row's link adds its `id=`. */
function rowLinkBase(search: URLSearchParams): string {
  const query = removeValue(search, 'id').toString();
  return `#/events?${query === '' ? '' : `${query}&`}`;
}
