import type { Me } from '@aerie/contracts';
import { Group, NativeSelect, SegmentedControl, Stack } from '@mantine/core';
import { FilterChips } from '../../shared/filter/filter-chips';
import { chipsOf, removeValue, type Chip } from '../../shared/filter/filter-params';
import { SearchBox } from '../../shared/filter/search-box';
import { describeRange } from '../../shared/filter/time-range';
import { STATUS_TABS, tabOf, withTab } from './status.view';

const CUSTOM = 'custom';
const SEARCH_BOX = { flex: 1, minWidth: 200 } as const;

type SetSearch = (next: URLSearchParams, options?: { replace?: boolean }) => void;

const TIME_RANGES = [
  { value: '', label: 'Any time' },
  { value: '1h', label: 'Last hour' },
  { value: '24h', label: 'Last 24 hours' },
  { value: '7d', label: 'Last 7 days' },
  { value: '30d', label: 'Last 30 days' },
];

/**
 * The list's filters, all in the URL: status tab, assignee, time range, text search and one
 * removable chip per event filter (set from links such as the Overview's slices).
 */
export function AlertFilters({
  me,
  search,
  setSearch,
}: {
  me: Me;
  search: URLSearchParams;
  setSearch: SetSearch;
}) {
  const assignee = search.get('assignee');
  const since = search.get('since') ?? '';
  const until = search.get('until') ?? undefined;
  // A range set elsewhere (an absolute one from the Overview) is shown as it is.
  const custom = until !== undefined || !TIME_RANGES.some((r) => r.value === since);
  const ranges = custom
    ? [
        ...TIME_RANGES,
        { value: CUSTOM, label: describeRange({ since: since || undefined, until }) },
      ]
    : TIME_RANGES;
  const set = (key: string, value: string | null) => {
    const next = new URLSearchParams(search);
    if (value === null || value === '') next.delete(key);
    else next.set(key, value);
    setSearch(next);
  };

  return (
    <Stack gap="xs">
      <Group gap="md" align="end">
        <SegmentedControl
          aria-label="Status"
          data={STATUS_TABS.map((t) => ({ value: t.value, label: t.label }))}
          value={tabOf(search) ?? ''}
          onChange={(tab) => setSearch(withTab(search, tab))}
        />
        <SegmentedControl
          aria-label="Assigned to"
          data={[
            { value: 'anyone', label: 'Anyone' },
            { value: 'me', label: 'Me' },
            { value: 'none', label: 'Nobody' },
          ]}
          value={
            assignee === null
              ? 'anyone'
              : assignee === 'none'
                ? 'none'
                : assignee === me.username
                  ? 'me'
                  : ''
          }
          onChange={(v) =>
            set('assignee', v === 'anyone' ? null : v === 'me' ? me.username : 'none')
          }
        />
        <NativeSelect
          label="Time range"
          data={ranges}
          value={custom ? CUSTOM : since}
          onChange={(e) => {
            if (e.currentTarget.value === CUSTOM) return;
            const next = removeValue(search, 'until');
            if (e.currentTarget.value === '') next.delete('since');
            else next.set('since', e.currentTarget.value);
            setSearch(next);
          }}
        />
        <SearchBox
          search={search}
          setSearch={setSearch}
          label="Search alert groups"
          placeholder="Text in the events ( / )"
          style={SEARCH_BOX}
        />
      </Group>
      <FilterChips
        chips={chipsOfAlerts(search, me)}
        onRemove={(c) => setSearch(removeValue(search, c.key, c.value))}
      />
    </Stack>
  );
}

/** The event filters as chips, the search text left out (its box shows it). */
function chipsOfAlerts(search: URLSearchParams, me: Me): Chip[] {
  const chips = chipsOf(search).filter((c) => c.key !== 'q');
  // Someone else's queue has no segment of its own: it shows as a chip.
  const assignee = search.get('assignee');
  if (assignee !== null && assignee !== 'none' && assignee !== me.username) {
    chips.push({ key: 'assignee', value: assignee, label: `assignee: ${assignee}` });
  }
  return chips;
}
