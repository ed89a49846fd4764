import { Alert, Button, Group, Text } from '@mantine/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import { formatCount } from '../../shared/format';
import type { Column } from './event-columns';
import { MAX_ROWS } from './event-rows';
import { EventsTable, type EventsTableHandle } from './events-table';
import { LiveControls } from './live-controls';
import { useEventList } from './use-event-list';
import { useRowKeys } from '../../shared/use-row-keys';

/**
 * The events list with its live tail: pause / resume, "N new events" while new ones are held
 * back, j / k / Enter over the rows. Its own component so that a live frame re-renders the
 * table only, not the page's filters and facets.
 */
export function LiveEventTable({
  filter,
  live,
  columns,
  linkBase,
  openId,
  onOpen,
  onLive,
}: {
  /** The API's filter keys, time range included. */
  filter: URLSearchParams;
  /** Whether the range ends now (new events may match). */
  live: boolean;
  columns: readonly Column[];
  linkBase: string;
  /** The event the drawer shows. */
  openId: string | undefined;
  /** Open an event (replace: the drawer follows j / k without a history entry per row). */
  onOpen: (id: string, options: { replace: boolean }) => void;
  /** New events arrived live. */
  onLive: () => void;
}) {
  const [paused, setPaused] = useState(false);
  const [atTop, setAtTop] = useState(true);
  const [selectedId, setSelectedId] = useState<string | undefined>(openId);
  const table = useRef<EventsTableHandle>(null);
  const list = useEventList(filter, { live, hold: paused || !atTop, onLive });
  const { rows } = list;

  // A new filter is a new list: start at its top.
  const filterText = filter.toString();
  useEffect(() => {
    table.current?.scrollToTop();
    setAtTop(true);
  }, [filterText]);

  // A pasted link, or the drawer following j / k: the selection follows the URL.
  useEffect(() => {
    if (openId !== undefined) setSelectedId(openId);
  }, [openId]);

  const open = useCallback(
    (id: string) => {
      setSelectedId(id);
      onOpen(id, { replace: false });
    },
    [onOpen],
  );

  useRowKeys({
    onMove: (delta) => {
      if (rows.length === 0) return;
      const at = rows.findIndex((e) => e.id === selectedId);
      const index = at < 0 ? 0 : Math.min(rows.length - 1, Math.max(0, at + delta));
      const id = rows[index]!.id;
      setSelectedId(id);
      table.current?.scrollToIndex(index);
      if (openId !== undefined) onOpen(id, { replace: true });
    },
    onOpen: () => {
      if (selectedId !== undefined) open(selectedId);
    },
  });

  const showNew = () => {
    table.current?.scrollToTop();
    setAtTop(true);
    list.showNew();
  };

  return (
    <>
      <Group justify="space-between" mb={6} mih={30}>
        <LiveControls
          live={live}
          paused={paused}
          held={list.held}
          stale={list.stale}
          onPause={setPaused}
          onShowNew={showNew}
        />
        <Text size="xs" c="dimmed">
          {listFooter(rows.length, list.older !== null, list.capped)}
        </Text>
      </Group>
      {list.error && (
        <Alert color="red" role="alert" mb="xs">
          <Group justify="space-between">
            <span>Could not load events: {list.error.message}</span>
            <Button size="compact-sm" variant="light" color="red" onClick={list.retry}>
              Retry
            </Button>
          </Group>
        </Alert>
      )}
      <EventsTable
        ref={table}
        rows={rows}
        columns={columns}
        selectedId={selectedId}
        empty={
          list.status === 'loading'
            ? 'Loading events…'
            : 'No events match this filter and time range.'
        }
        onRowClick={open}
        onNearEnd={list.loadOlder}
        onTopChange={setAtTop}
        linkBase={linkBase}
      />
    </>
  );
}

function listFooter(count: number, more: boolean, capped: boolean): string {
  if (count === 0) return '';
  const shown = `${formatCount(count)} ${count === 1 ? 'event' : 'events'} loaded`;
  if (capped) {
    return `${shown}: the newest ${formatCount(MAX_ROWS)} are kept; narrow the filter or time range for older ones.`;
  }
  return more ? `${shown}; scroll for older ones.` : `${shown}: all in this range.`;
}
