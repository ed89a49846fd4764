import type { AlertGroup } from '@aerie/contracts';
import { Checkbox, Table, Text, UnstyledButton } from '@mantine/core';
import { memo, useEffect, useRef } from 'react';
import { formatCount, formatUtc } from '../../shared/format';
import { PriorityBadge } from '../../shared/priority-badge';
import { groupLabel } from './groups.view';
import { StatusBadge } from './status-badge';

const NONE = '—';

export interface GroupsTableProps {
  rows: readonly AlertGroup[];
  /** Checkboxes only for those who may triage. */
  selectable: boolean;
  isSelected: (id: string) => boolean;
  pageState: 'all' | 'some' | 'none';
  onToggle: (id: string) => void;
  onTogglePage: () => void;
  /** The j/k cursor. */
  activeId: string | undefined;
  openId: string | null;
  onOpen: (id: string) => void;
  loading: boolean;
}

/** The alert groups, one row each; only rows whose group or state changed re-render. */
export function GroupsTable(props: GroupsTableProps) {
  const { rows, selectable, isSelected, pageState, onTogglePage, activeId, openId } = props;
  const columns = selectable ? 11 : 10;
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table aria-label="Alert groups" highlightOnHover stickyHeader>
        <Table.Thead>
          <Table.Tr>
            {selectable && (
              <Table.Th w={36}>
                <Checkbox
                  aria-label="Select all loaded groups"
                  checked={pageState === 'all'}
                  indeterminate={pageState === 'some'}
                  disabled={rows.length === 0}
                  onChange={onTogglePage}
                />
              </Table.Th>
            )}
            <Table.Th>Rule</Table.Th>
            <Table.Th>Priority</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Assignee</Table.Th>
            <Table.Th style={{ textAlign: 'right' }}>Count</Table.Th>
            <Table.Th>Namespace</Table.Th>
            <Table.Th>Boundary</Table.Th>
            <Table.Th>First seen (UTC)</Table.Th>
            <Table.Th>Last seen (UTC)</Table.Th>
            <Table.Th>Comments</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.length === 0 ? (
            <Table.Tr>
              <Table.Td colSpan={columns}>
                <Text c="dimmed">
                  {props.loading ? 'Loading alert groups…' : 'No alert groups match.'}
                </Text>
              </Table.Td>
            </Table.Tr>
          ) : (
            rows.map((g) => (
              <GroupRow
                key={g.id}
                group={g}
                selectable={selectable}
                selected={selectable && isSelected(g.id)}
                active={g.id === activeId}
                open={g.id === openId}
                onToggle={props.onToggle}
                onOpen={props.onOpen}
              />
            ))
          )}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

const GroupRow = memo(function GroupRow({
  group: g,
  selectable,
  selected,
  active,
  open,
  onToggle,
  onOpen,
}: {
  group: AlertGroup;
  selectable: boolean;
  selected: boolean;
  active: boolean;
  open: boolean;
  onToggle: (id: string) => void;
  onOpen: (id: string) => void;
}) {
  const ref = useRef<HTMLTableRowElement>(null);
  useEffect(() => {
    if (active) ref.current?.scrollIntoView?.({ block: 'nearest' });
  }, [active]);
  const label = groupLabel(g);
  return (
    <Table.Tr
      ref={ref}
      aria-current={active ? 'true' : undefined}
      bg={active || open ? 'var(--mantine-primary-color-light)' : undefined}
      style={{ cursor: 'pointer' }}
      onClick={(e) => {
        // A click on a control does its own thing; anywhere else on the row opens the group.
        if (!(e.target instanceof Element && e.target.closest('input, button, a, label'))) {
          onOpen(g.id);
        }
      }}
    >
      {selectable && (
        <Table.Td>
          <Checkbox
            aria-label={`Select ${label}`}
            checked={selected}
            onChange={() => onToggle(g.id)}
          />
        </Table.Td>
      )}
      <Table.Td>
        <UnstyledButton aria-label={`Open ${label}`} fw={500} onClick={() => onOpen(g.id)}>
          {g.rule}
        </UnstyledButton>
      </Table.Td>
      <Table.Td>
        <PriorityBadge priority={g.priority} />
      </Table.Td>
      <Table.Td>
        <StatusBadge status={g.status} />
      </Table.Td>
      <Table.Td>{g.assignee ?? NONE}</Table.Td>
      <Table.Td style={{ textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>
        {formatCount(g.count)}
      </Table.Td>
      <Table.Td>{g.namespace ?? NONE}</Table.Td>
      <Table.Td>{g.boundary}</Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <time dateTime={g.first_seen}>{formatUtc(g.first_seen)}</time>
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <time dateTime={g.last_seen}>{formatUtc(g.last_seen)}</time>
      </Table.Td>
      <Table.Td>{g.comment_count > 0 ? formatCount(g.comment_count) : ''}</Table.Td>
    </Table.Tr>
  );
});
