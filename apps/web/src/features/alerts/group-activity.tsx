import { Alert, Button, List, Paper, Stack, Text } from '@mantine/core';
import { formatUtc } from '../../shared/format';
import { actorOf, describeActivity } from './activity.view';
import { errorText } from './error-text';
import { useGroupActivity } from './use-group';

/** Comments and changes of a group, oldest first: its history as the team wrote it. */
export function GroupActivityList({ groupId }: { groupId: string }) {
  const activity = useGroupActivity(groupId);
  const items = activity.data?.pages.flatMap((p) => p.items) ?? [];
  if (activity.error) {
    return (
      <Alert color="red" role="alert" title="Could not load the activity">
        {errorText(activity.error)}
      </Alert>
    );
  }
  if (activity.isPending) return <Text c="dimmed">Loading activity…</Text>;
  return (
    <Stack gap="xs">
      {items.length === 0 ? (
        <Text c="dimmed">No comments or changes yet.</Text>
      ) : (
        <List
          aria-label="Activity"
          listStyleType="none"
          spacing="xs"
          styles={{ itemWrapper: { width: '100%' } }}
        >
          {items.map((a) => (
            <List.Item key={a.id}>
              <Text size="sm">
                <Text span fw={600}>
                  {actorOf(a)}
                </Text>{' '}
                {describeActivity(a)}{' '}
                <Text span c="dimmed" size="xs">
                  <time dateTime={a.at}>{formatUtc(a.at)}</time>
                </Text>
              </Text>
              {a.kind === 'comment' && a.body !== null && (
                <Paper withBorder p="xs" mt={4}>
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                    {a.body}
                  </Text>
                </Paper>
              )}
            </List.Item>
          ))}
        </List>
      )}
      {activity.hasNextPage && (
        <Button
          variant="subtle"
          loading={activity.isFetchingNextPage}
          onClick={() => void activity.fetchNextPage()}
          style={{ alignSelf: 'start' }}
        >
          Load more activity
        </Button>
      )}
    </Stack>
  );
}
