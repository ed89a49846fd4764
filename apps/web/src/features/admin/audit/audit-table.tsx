import type { AuditEntry } from '@aerie/contracts';
import { Button, Code, Stack, Table, Text } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { Fragment, useRef, useState } from 'react';
import { formatUtc } from '../../../shared/format';
import { useRowKeys } from '../../../shared/use-row-keys';
import { changedKeys } from './audit.view';

const COLUMNS = ['Time', 'Actor', 'Action', 'Target', 'Source IP', 'Details'] as const;

/**
 * The audit trail as a table; each entry's before/after opens under it. Keys: j/k move between
 * rows, Enter opens or closes the focused row's details, Esc closes them.
 */
export function AuditTable({ entries }: { entries: readonly AuditEntry[] }) {
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  const body = useRef<HTMLTableSectionElement>(null);

  const toggle = (seq: number, on = !open.has(seq)): void =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (on) next.add(seq);
      else next.delete(seq);
      return next;
    });

  const rows = (): HTMLElement[] => [
    ...(body.current?.querySelectorAll<HTMLElement>('tr[data-seq]') ?? []),
  ];
  const focusedSeq = (): number | undefined => {
    const row = document.activeElement?.closest<HTMLElement>('tr[data-seq]');
    return row && body.current?.contains(row) ? Number(row.dataset['seq']) : undefined;
  };
  const move = (step: 1 | -1): void => {
    const all = rows();
    const at = all.findIndex((r) => r.contains(document.activeElement));
    all[Math.min(all.length - 1, Math.max(0, at < 0 ? 0 : at + step))]?.focus();
  };
  useRowKeys({
    onMove: move,
    onOpen: () => {
      // Only a focused row opens: Enter elsewhere is not this table's.
      const seq = focusedSeq();
      if (seq !== undefined && document.activeElement?.tagName === 'TR') toggle(seq);
    },
  });
  useHotkeys([
    [
      'Escape',
      () => {
        const seq = focusedSeq();
        if (seq !== undefined) toggle(seq, false);
      },
    ],
  ]);

  return (
    <Table.ScrollContainer minWidth={720}>
      <Table striped highlightOnHover aria-label="Audit log">
        <Table.Thead>
          <Table.Tr>
            {COLUMNS.map((c) => (
              <Table.Th key={c} scope="col">
                {c}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody ref={body}>
          {entries.map((e) => {
            const expanded = open.has(e.seq);
            const detailsId = `audit-details-${e.seq}`;
            return (
              <Fragment key={e.seq}>
                <Table.Tr data-seq={e.seq} tabIndex={-1}>
                  <Table.Td>
                    <time dateTime={e.at}>{formatUtc(e.at)}</time>
                  </Table.Td>
                  <Table.Td>{e.actor}</Table.Td>
                  <Table.Td>
                    <Code>{e.action}</Code>
                  </Table.Td>
                  <Table.Td style={{ wordBreak: 'break-all' }}>{e.target ?? '—'}</Table.Td>
                  <Table.Td>{e.source_ip ?? '—'}</Table.Td>
                  <Table.Td>
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      aria-expanded={expanded}
                      aria-controls={expanded ? detailsId : undefined}
                      aria-label={`Details of entry ${e.seq}`}
                      onClick={() => toggle(e.seq)}
                    >
                      Details
                    </Button>
                  </Table.Td>
                </Table.Tr>
                {expanded && (
                  <Table.Tr id={detailsId}>
                    <Table.Td colSpan={COLUMNS.length}>
                      <EntryDetails entry={e} />
                    </Table.Td>
                  </Table.Tr>
                )}
              </Fragment>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function EntryDetails({ entry }: { entry: AuditEntry }) {
  const changed = changedKeys(entry.before, entry.after);
  return (
    <Stack gap={4}>
      <Text size="sm">
        Entry {entry.seq}
        {changed.length > 0 && <> · changed: {changed.join(', ')}</>}
      </Text>
      <Json label="Before" value={entry.before} />
      <Json label="After" value={entry.after} />
      <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
        Hash {entry.hash}
      </Text>
    </Stack>
  );
}

function Json({ label, value }: { label: string; value: unknown }) {
  if (value === null || value === undefined) return null;
  return (
    <div>
      <Text size="xs" fw={600}>
        {label}
      </Text>
      <Code block>{JSON.stringify(value, null, 2)}</Code>
    </div>
  );
}
