import { Alert, Anchor, Badge, Group, Table, Text } from '@mantine/core';
import { formatCount, formatUtc } from '../../shared/format';
import { useEventGroup } from './use-event-group';

/** The alert group (same fingerprint) the event belongs to: triage state and a link to it. */
export function EventGroup({ groupId }: { groupId: string }) {
  const group = useEventGroup(groupId);
  if (group.error) {
    return (
      <Alert color="yellow" role="alert">
        Could not load the alert group: {group.error.message}
      </Alert>
    );
  }
  if (!group.data) return <Text c="dimmed">Loading the alert group…</Text>;
  const g = group.data;
  return (
    <>
      <Table aria-label="Alert group" verticalSpacing={4} variant="vertical" layout="fixed">
        <Table.Tbody>
          <Table.Tr>
            <Table.Th w={140}>Status</Table.Th>
            <Table.Td>
              <Badge variant="light">{g.status.replace('_', ' ')}</Badge>
              {g.assignee && <Text span> · {g.assignee}</Text>}
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>Events</Table.Th>
            <Table.Td>{formatCount(g.count)}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>First seen</Table.Th>
            <Table.Td>{formatUtc(g.first_seen)} UTC</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>Last seen</Table.Th>
            <Table.Td>{formatUtc(g.last_seen)} UTC</Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
      <Group mt="xs">
        <Anchor href={`#/alerts?group=${encodeURIComponent(g.id)}`}>Open alert group</Anchor>
      </Group>
    </>
  );
}
