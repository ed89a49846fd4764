import { Button, Group, Text } from '@mantine/core';
import { useConfirm } from '../../shared/use-confirm';
import { deleteOutput } from './outputs.api';
import { useRefreshOutputs } from './use-outputs';

/** "Delete", asked twice in place (focus on Cancel, the safe answer). */
export function DeleteOutput({ name }: { name: string }) {
  const refresh = useRefreshOutputs();
  const ask = useConfirm(async () => {
    await deleteOutput(name);
    await refresh();
  });

  if (!ask.asking) {
    return (
      <Button size="xs" variant="light" color="red" aria-label={`Delete ${name}`} onClick={ask.ask}>
        Delete
      </Button>
    );
  }
  return (
    <Group gap="xs" role="group" aria-label={`Delete ${name}?`}>
      <Text size="sm">Delete {name} and its deliveries?</Text>
      <Button size="xs" color="red" loading={ask.busy} onClick={ask.confirm}>
        Yes, delete
      </Button>
      <Button ref={ask.cancelRef} size="xs" variant="default" onClick={ask.cancel}>
        Cancel
      </Button>
      {ask.error && (
        <Text size="sm" c="red" role="alert">
          {ask.error}
        </Text>
      )}
    </Group>
  );
}
