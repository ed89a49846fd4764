import type { Delivery } from '@aerie/contracts';
import { Anchor, Button, Code, Table, Text, VisuallyHidden } from '@mantine/core';
import type { ReactNode } from 'react';
import { formatUtc } from '../../shared/format';

/** Deliveries of one output: when, attempts, the destination's last answer and error. */
export function DeliveryTable({
  caption,
  items,
  action,
}: {
  caption: string;
  items: readonly Delivery[];
  /** The row's button (Replay), if any. */
  action?: (delivery: Delivery) => ReactNode;
}) {
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table striped verticalSpacing={4} fz="sm" aria-label={caption}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Created</Table.Th>
            <Table.Th scope="col">Event</Table.Th>
            <Table.Th scope="col">Attempts</Table.Th>
            <Table.Th scope="col">Answer</Table.Th>
            <Table.Th scope="col">Error</Table.Th>
            {action && (
              <Table.Th scope="col">
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((d) => (
            <Table.Tr key={d.id}>
              <Table.Td>{formatUtc(d.created_at)}</Table.Td>
              <Table.Td>
                {/* The events page opens an event from `id` in its URL. */}
                <Anchor href={`#/events?id=${encodeURIComponent(d.event_id)}`} title={d.event_id}>
                  <Code>{d.event_id.slice(0, 8)}</Code>
                </Anchor>
              </Table.Td>
              <Table.Td>{d.attempts}</Table.Td>
              <Table.Td>{d.last_status === null ? '—' : `HTTP ${d.last_status}`}</Table.Td>
              <Table.Td>
                <Text size="sm" style={{ wordBreak: 'break-word' }}>
                  {d.last_error ?? '—'}
                </Text>
              </Table.Td>
              {action && <Table.Td>{action(d)}</Table.Td>}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** "Load more" under a paged list, while there is more. */
export function LoadMore({
  label,
  hasMore,
  loading,
  onClick,
}: {
  label: string;
  hasMore: boolean;
  loading: boolean;
  onClick: () => void;
}) {
  if (!hasMore) return null;
  return (
    <Button variant="subtle" size="xs" loading={loading} onClick={onClick} aria-label={label}>
      Load more
    </Button>
  );
}
