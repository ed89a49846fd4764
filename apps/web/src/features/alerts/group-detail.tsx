import type { AlertGroup, Me } from '@aerie/contracts';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Divider,
  Group,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { formatCount, formatUtc } from '../../shared/format';
import { PriorityBadge } from '../../shared/priority-badge';
import { AssigneeForm } from './assignee-form';
import { CommentForm } from './comment-form';
import { errorText } from './error-text';
import { GroupActivityList } from './group-activity';
import { eventsHref } from './groups.view';
import { StatusBadge } from './status-badge';
import { statusActions } from './status.view';
import { useAssignees } from './use-assignees';
import { useUpdateGroup } from './use-triage';

const NONE = '—';

/** A group: what and where, its triage state and the actions on it, its history. */
export function GroupDetail({ group, me }: { group: AlertGroup; me: Me }) {
  const canTriage = me.role !== 'viewer';
  const update = useUpdateGroup(group.id);
  const users = useAssignees(me);
  const facts: Array<[string, string]> = [
    ['Events', formatCount(group.count)],
    ['First seen', formatUtc(group.first_seen)],
    ['Last seen', formatUtc(group.last_seen)],
    ['Source', group.source],
    ['Cluster', group.cluster ?? NONE],
    ['Namespace', group.namespace ?? NONE],
    ['Workload', group.workload ?? NONE],
    ['Host', group.hostname ?? NONE],
    ['Assignee', group.assignee ?? 'nobody'],
  ];

  return (
    <Stack gap="md">
      <Stack gap={4}>
        <Title order={3}>{group.rule}</Title>
        <Group gap="xs">
          <PriorityBadge priority={group.priority} />
          <StatusBadge status={group.status} />
          <Badge variant="outline" color="gray" style={{ textTransform: 'none' }}>
            {group.boundary}
          </Badge>
        </Group>
      </Stack>

      <Table aria-label="Group details" withRowBorders={false} verticalSpacing={2}>
        <Table.Tbody>
          {facts.map(([name, value]) => (
            <Table.Tr key={name}>
              <Table.Th scope="row" w={120}>
                {name}
              </Table.Th>
              <Table.Td>{value}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Anchor href={eventsHref(group)}>Show events</Anchor>

      {canTriage && (
        <>
          <Divider label="Triage" labelPosition="left" />
          <Group gap="xs" role="group" aria-label="Change status">
            {statusActions(group.status).map((a) => (
              <Button
                key={a.to}
                variant={a.to === 'new' ? 'default' : 'filled'}
                disabled={update.isPending}
                onClick={() => update.mutate({ status: a.to })}
              >
                {a.label}
              </Button>
            ))}
          </Group>
          <AssigneeForm
            key={group.id}
            me={me}
            current={group.assignee}
            users={users}
            busy={update.isPending}
            error={update.variables?.assignee !== undefined ? update.error : null}
            onAssign={(assignee) => update.mutate({ assignee })}
          />
          {update.error && update.variables?.status !== undefined && (
            <Alert color="red" role="alert" title="Could not change the status">
              {errorText(update.error)}
            </Alert>
          )}
        </>
      )}

      <Divider label="Activity" labelPosition="left" />
      <GroupActivityList groupId={group.id} />
      {canTriage ? (
        <CommentForm key={group.id} groupId={group.id} />
      ) : (
        <Text size="sm" c="dimmed">
          Viewers read the history; analysts comment and triage.
        </Text>
      )}
    </Stack>
  );
}
