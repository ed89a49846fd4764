import { Alert, Badge, Button, Table, Text } from '@mantine/core';
import { useEventDeliveries, useReplayDelivery } from './use-event-deliveries';

const STATE_COLORS = {
  pending: 'yellow',
  acking: 'blue',
  delivered: 'green',
  dead: 'red',
} as const;
const ERROR_CELL = { wordBreak: 'break-word' } as const;

/**
 * Where the event went: output, state, attempts and last error per delivery, live; admins may
 * send a dead one again ("Replay delivery to <output>").
 */
export function EventDeliveries({ eventId, isAdmin }: { eventId: string; isAdmin: boolean }) {
  const deliveries = useEventDeliveries(eventId);
  const replay = useReplayDelivery(eventId);

  if (deliveries.error) {
    return (
      <Alert color="red" role="alert">
        Could not load the deliveries: {deliveries.error.message}
      </Alert>
    );
  }
  if (!deliveries.data) return <Text c="dimmed">Loading deliveries…</Text>;
  if (deliveries.data.items.length === 0) {
    return <Text c="dimmed">No output takes this event.</Text>;
  }
  return (
    <>
      {replay.error && (
        <Alert color="red" role="alert" mb="xs">
          Could not replay: {replay.error.message}
        </Alert>
      )}
      <Table aria-label="Deliveries" verticalSpacing={4}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Output</Table.Th>
            <Table.Th>State</Table.Th>
            <Table.Th>Attempts</Table.Th>
            <Table.Th>Last error</Table.Th>
            {isAdmin && (
              <Table.Th>
                <span className="visually-hidden">Replay</span>
              </Table.Th>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {deliveries.data.items.map((d) => (
            <Table.Tr key={d.id}>
              <Table.Td>{d.output}</Table.Td>
              <Table.Td>
                <Badge color={STATE_COLORS[d.status]} variant="light">
                  {d.status}
                </Badge>
              </Table.Td>
              <Table.Td>{d.attempts}</Table.Td>
              <Table.Td style={ERROR_CELL}>
                {d.last_error ?? '—'}
                {d.last_status !== null && ` (HTTP ${d.last_status})`}
              </Table.Td>
              {isAdmin && (
                <Table.Td>
                  <Button
                    size="compact-xs"
                    variant="light"
                    aria-label={`Replay delivery to ${d.output}`}
                    disabled={d.status !== 'dead'}
                    loading={replay.isPending && replay.variables === d.id}
                    onClick={() => replay.mutate(d.id)}
                  >
                    Replay
                  </Button>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </>
  );
}
