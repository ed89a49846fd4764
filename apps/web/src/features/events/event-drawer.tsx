import type { StoredEventDetail } from '@aerie/contracts';
import {
  Alert,
  Badge,
  Button,
  Code,
  CopyButton,
  Group,
  ScrollArea,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import type { ReactNode } from 'react';
import { DetailDrawer } from '../../shared/detail-drawer';
import { formatUtc } from '../../shared/format';
import { PriorityBadge } from '../../shared/priority-badge';
import { EventDeliveries } from './event-deliveries';
import { EventFields } from './event-fields';
import { EventGroup } from './event-group';
import { useEvent } from './use-event';

const WRAP = { whiteSpace: 'pre-wrap', wordBreak: 'break-word' } as const;

/**
 * The event the URL names (`id=<uuid>`) in a drawer titled "Event details": a pasted link opens
 * the same drawer. Esc or the close button closes it.
 */
export function EventDrawer({
  id,
  isAdmin,
  onClose,
}: {
  id: string | undefined;
  isAdmin: boolean;
  onClose: () => void;
}) {
  return (
    <DetailDrawer id={id} title="Event details" size="xl" onClose={onClose}>
      {(shown) => <EventDetails id={shown} isAdmin={isAdmin} />}
    </DetailDrawer>
  );
}

function EventDetails({ id, isAdmin }: { id: string; isAdmin: boolean }) {
  const event = useEvent(id);
  if (event.error) {
    return (
      <Alert color="red" role="alert">
        Could not load the event: {event.error.message}
      </Alert>
    );
  }
  if (!event.data) return <Text c="dimmed">Loading the event…</Text>;
  const e = event.data;
  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Group gap="xs">
          <PriorityBadge priority={e.priority} />
          <Text fw={700}>{e.rule}</Text>
        </Group>
        <Text size="sm" c="dimmed">
          <time dateTime={e.time}>{formatUtc(e.time)} UTC</time> · {e.source} · {e.boundary}
        </Text>
        <Group gap="xs">
          <CopyButton value={window.location.href}>
            {({ copied, copy }) => (
              <Button size="compact-xs" variant="default" onClick={copy}>
                {copied ? 'Link copied' : 'Copy link'}
              </Button>
            )}
          </CopyButton>
        </Group>
      </Stack>

      <Section title="Output">
        <Code block style={WRAP}>
          {e.output ?? '(none)'}
        </Code>
      </Section>

      <Section title="Where">
        <Where event={e} />
      </Section>

      <Section title="Output fields">
        <EventFields fields={e.output_fields} />
      </Section>

      <Section title="Tags">
        {e.tags.length === 0 ? (
          <Text c="dimmed">No tags.</Text>
        ) : (
          <Group gap={6}>
            {e.tags.map((t) => (
              <Badge key={t} variant="outline" tt="none">
                {t}
              </Badge>
            ))}
          </Group>
        )}
      </Section>

      <Section title="Alert group">
        <EventGroup groupId={e.group_id} />
      </Section>

      <Section title="Deliveries">
        <EventDeliveries eventId={e.id} isAdmin={isAdmin} />
      </Section>

      <Section title="Raw JSON">
        {/* Focusable (keyboard users scroll it too), so named: a region. */}
        <ScrollArea.Autosize
          mah={360}
          viewportProps={{ role: 'region', tabIndex: 0, 'aria-label': 'Raw JSON of the event' }}
        >
          <Code block>{JSON.stringify(e.raw, null, 2)}</Code>
        </ScrollArea.Autosize>
      </Section>
    </Stack>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section>
      <Title order={3} size="h5" mb={6}>
        {title}
      </Title>
      {children}
    </section>
  );
}

/** Where it happened: Kubernetes and host context. */
function Where({ event: e }: { event: StoredEventDetail }) {
  const facts: Array<[string, string | null]> = [
    ['Cluster', e.cluster],
    ['Namespace', e.namespace],
    ['Workload', e.workload],
    ['Pod', e.pod],
    ['Host', e.hostname],
    ['Image', e.container_image],
    ['Received', `${formatUtc(e.received_at)} UTC`],
  ];
  return (
    <Table aria-label="Where" variant="vertical" layout="fixed" verticalSpacing={4}>
      <Table.Tbody>
        {facts.map(([name, value]) => (
          <Table.Tr key={name}>
            <Table.Th w={140}>{name}</Table.Th>
            <Table.Td style={WRAP}>{value ?? '—'}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
