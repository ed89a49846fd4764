import type { Output } from '@aerie/contracts';
import { Alert, Button, Group, Loader, Modal, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { OutputCard } from './output-card';
import { OutputForm } from './output-form';
import { useDeliveryRefresh } from './use-delivery-refresh';
import { useOutputs, useOutputTypes, useRefreshOutputs } from './use-outputs';

type Editing = { mode: 'new' } | { mode: 'edit'; output: Output } | undefined;

/** Outputs (admins): each destination's health, failures and dead deliveries, and their setup. */
export function OutputsPage() {
  const outputs = useOutputs();
  const types = useOutputTypes();
  const refresh = useRefreshOutputs();
  const [editing, setEditing] = useState<Editing>();
  useDeliveryRefresh();

  const formTitle = editing?.mode === 'edit' ? `Edit ${editing.output.name}` : 'New output';
  const close = (): void => setEditing(undefined);

  return (
    <Stack gap="md" component="section" aria-labelledby="outputs-heading">
      <Group justify="space-between">
        <Title order={2} id="outputs-heading">
          Outputs
        </Title>
        <Button onClick={() => setEditing({ mode: 'new' })} disabled={!types.data}>
          New output
        </Button>
      </Group>
      {types.error && (
        <Alert color="orange" role="alert" title="Output types unavailable">
          Outputs cannot be created or edited here: {types.error.message}
        </Alert>
      )}
      {outputs.error && (
        <Alert color="red" role="alert" title="Could not load the outputs">
          {outputs.error.message}
        </Alert>
      )}
      {outputs.isPending && !outputs.error && (
        <Group gap="xs">
          <Loader size="sm" />
          <Text size="sm">Loading outputs…</Text>
        </Group>
      )}
      {outputs.data?.items.length === 0 && (
        <Text c="dimmed">
          No outputs yet. Create one, or list them under <code>outputs:</code> in the configuration
          file.
        </Text>
      )}
      {outputs.data?.items.map((o) => (
        <OutputCard key={o.id} output={o} onEdit={() => setEditing({ mode: 'edit', output: o })} />
      ))}

      <Modal opened={editing !== undefined} onClose={close} title={formTitle} size="lg">
        {editing && types.data && (
          <OutputForm
            key={editing.mode === 'edit' ? editing.output.id : 'new'}
            types={types.data.items}
            existing={editing.mode === 'edit' ? editing.output : undefined}
            onCancel={close}
            onDone={() => {
              close();
              void refresh();
            }}
          />
        )}
      </Modal>
    </Stack>
  );
}
