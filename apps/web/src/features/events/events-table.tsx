import type { LiveEvent } from '@aerie/contracts';
import { Box, Table } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useImperativeHandle, useRef, type ReactNode, type Ref } from 'react';
import { tableMinWidth, type Column } from './event-columns';
import { EventRow, ROW_HEIGHT } from './event-row';

/** The header row's height: rows start below it, and scrolling keeps them out from under it. */
const HEADER_HEIGHT = 40;
/** Rows rendered beyond the visible ones, each way. */
export const OVERSCAN = 10;
/** Older rows are read when the last rendered row is this close to the end. */
const NEAR_END = 50;

const SCROLLER = { overflow: 'auto', overflowAnchor: 'none' } as const;
const TH = { height: HEADER_HEIGHT, whiteSpace: 'nowrap' } as const;

export interface EventsTableHandle {
  scrollToIndex: (index: number) => void;
  scrollToTop: () => void;
}

/**
 * The events as a virtualized table (named "Events"): only the visible rows and a few more are
 * in the DOM, whatever the count (spacer rows stand for the others), each row one line high.
 */
export function EventsTable({
  rows,
  columns,
  selectedId,
  empty,
  onRowClick,
  onNearEnd,
  onTopChange,
  linkBase,
  ref,
}: {
  rows: readonly LiveEvent[];
  columns: readonly Column[];
  selectedId: string | undefined;
  /** What the body says when there are no rows. */
  empty: ReactNode;
  onRowClick: (id: string) => void;
  onNearEnd: () => void;
  /** Whether the reader is at the top, where new rows appear. */
  onTopChange: (atTop: boolean) => void;
  /** Where a row's link goes, before its `id=`: `#/events?<query>&`. */
  linkBase: string;
  ref?: Ref<EventsTableHandle>;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const atTop = useRef(true);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
    scrollMargin: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
  });

  useImperativeHandle(
    ref,
    () => ({
      scrollToIndex: (index) => virtualizer.scrollToIndex(index, { align: 'auto' }),
      scrollToTop: () => virtualizer.scrollToOffset(0),
    }),
    [virtualizer],
  );

  const items = virtualizer.getVirtualItems();
  const first = items[0];
  const last = items.at(-1);
  const paddingTop = first ? first.start - HEADER_HEIGHT : 0;
  const paddingBottom = last ? virtualizer.getTotalSize() - (last.end - HEADER_HEIGHT) : 0;

  const lastIndex = last?.index;
  useEffect(() => {
    if (lastIndex !== undefined && lastIndex >= rows.length - NEAR_END) onNearEnd();
  }, [lastIndex, rows.length, onNearEnd]);

  return (
    <Box
      ref={scroller}
      style={SCROLLER}
      role="region"
      aria-label="Events table"
      tabIndex={0}
      h="calc(100dvh - 260px)"
      mih={360}
      onScroll={(e) => {
        const top = e.currentTarget.scrollTop < ROW_HEIGHT / 2;
        if (top === atTop.current) return;
        atTop.current = top;
        onTopChange(top);
      }}
    >
      <Table
        aria-label="Events"
        stickyHeader
        highlightOnHover
        layout="fixed"
        verticalSpacing={0}
        miw={tableMinWidth(columns)}
      >
        <colgroup>
          {columns.map((c) => (
            <col key={c.id} style={c.width === undefined ? undefined : { width: c.width }} />
          ))}
        </colgroup>
        <Table.Thead>
          <Table.Tr>
            {columns.map((c) => (
              <Table.Th key={c.id} style={TH}>
                {c.label}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody
          onClick={(e) => {
            // A row's link opens the event through the URL itself.
            if ((e.target as Element).closest('a')) return;
            const row = (e.target as Element).closest('tr[data-id]');
            const id = row?.getAttribute('data-id');
            if (id) onRowClick(id);
          }}
        >
          {rows.length === 0 ? (
            <Table.Tr>
              <Table.Td colSpan={columns.length} ta="center" py="xl">
                {empty}
              </Table.Td>
            </Table.Tr>
          ) : (
            <>
              {paddingTop > 0 && <tr aria-hidden="true" style={{ height: paddingTop }} />}
              {items.map((item) => {
                const event = rows[item.index]!;
                return (
                  <EventRow
                    key={event.id}
                    event={event}
                    columns={columns}
                    selected={event.id === selectedId}
                    linkBase={linkBase}
                  />
                );
              })}
              {paddingBottom > 0 && <tr aria-hidden="true" style={{ height: paddingBottom }} />}
            </>
          )}
        </Table.Tbody>
      </Table>
    </Box>
  );
}
