import type { LiveEvent } from '@aerie/contracts';
import { Anchor, Table } from '@mantine/core';
import { memo, type CSSProperties, type ReactNode } from 'react';
import { formatUtc } from '../../shared/format';
import { PriorityBadge } from '../../shared/priority-badge';
import type { Column, ColumnId } from './event-columns';

/** Every row is this tall (one line per cell): the virtualizer needs no measuring. */
export const ROW_HEIGHT = 36;

const NONE = '—';
const CELL: CSSProperties = {
  height: ROW_HEIGHT,
  paddingBlock: 0,
  whiteSpace: 'nowrap',
  overflow: 'hidden',
  textOverflow: 'ellipsis',
};
const MONO: CSSProperties = {
  ...CELL,
  fontFamily: 'var(--mantine-font-family-monospace)',
  fontSize: 'var(--mantine-font-size-xs)',
};
const ROW: CSSProperties = { height: ROW_HEIGHT, cursor: 'pointer' };
const SELECTED: CSSProperties = {
  ...ROW,
  background: 'var(--mantine-primary-color-light)',
  boxShadow: 'inset 3px 0 0 var(--mantine-primary-color-filled)',
};

/**
 * One event as a table row; its time links to it (`linkBase` + `id=`), for keyboards, screen
 * readers and "open in a new tab". Memoized on its props (the event object, the column list,
 * the link base and whether it is selected): a live event added on top renders its own row only.
 */
export const EventRow = memo(function EventRow({
  event,
  columns,
  selected,
  linkBase,
}: {
  event: LiveEvent;
  columns: readonly Column[];
  selected: boolean;
  /** `#/events?<the view's query>&` */
  linkBase: string;
}) {
  return (
    <Table.Tr data-id={event.id} aria-selected={selected} style={selected ? SELECTED : ROW}>
      {columns.map((c) => {
        const { content, title } =
          c.id === 'time' ? timeCell(event, `${linkBase}id=${event.id}`) : cell(c.id, event);
        return (
          <Table.Td key={c.id} style={c.id === 'output' ? MONO : CELL} title={title}>
            {content}
          </Table.Td>
        );
      })}
    </Table.Tr>
  );
});

function timeCell(e: LiveEvent, href: string): { content: ReactNode; title: string } {
  return {
    content: (
      <Anchor href={href} c="inherit" underline="hover" inherit>
        <time dateTime={e.time}>{formatUtc(e.time)}</time>
      </Anchor>
    ),
    title: e.time,
  };
}

function cell(id: Exclude<ColumnId, 'time'>, e: LiveEvent): { content: ReactNode; title?: string } {
  switch (id) {
    case 'priority':
      return { content: <PriorityBadge priority={e.priority} /> };
    case 'rule':
      return { content: e.rule, title: e.rule };
    case 'output':
      return { content: e.output ?? NONE, title: e.output ?? undefined };
    case 'namespace':
      return { content: e.namespace ?? NONE };
    case 'cluster':
      return { content: e.cluster ?? NONE };
    case 'host': {
      const where = e.pod && e.hostname ? `${e.pod} on ${e.hostname}` : undefined;
      return { content: e.pod ?? e.hostname ?? NONE, title: where };
    }
    case 'source':
      return { content: e.source };
    case 'boundary':
      return { content: e.boundary };
    case 'tags': {
      const tags = e.tags.join(', ');
      return { content: tags || NONE, title: tags || undefined };
    }
  }
}
