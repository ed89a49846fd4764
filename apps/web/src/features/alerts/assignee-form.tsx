import type { Me } from '@aerie/contracts';
import { Alert, Autocomplete, Button, Group, Stack } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { errorText } from './error-text';

/**
 * Picks an assignee: a typed username (suggested from `GET /api/v1/assignees`), the signed-in
 * analyst, or nobody. The API decides whether the name is a user.
 */
export function AssigneeForm({
  me,
  current,
  users,
  busy,
  error,
  onAssign,
}: {
  me: Me;
  /** Who has it now; undefined when assigning many groups at once. */
  current?: string | null;
  users: string[] | undefined;
  busy: boolean;
  error: unknown;
  onAssign: (assignee: string | null) => void;
}) {
  const [name, setName] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (name.trim() !== '') onAssign(name.trim());
  };
  return (
    <Stack component="form" gap="xs" onSubmit={submit}>
      <Group align="end" gap="xs">
        <Autocomplete
          label="Assignee"
          placeholder="username"
          data={users ?? []}
          value={name}
          onChange={setName}
          style={{ flex: 1 }}
        />
        <Button type="submit" disabled={busy || name.trim() === ''}>
          Assign
        </Button>
      </Group>
      <Group gap="xs">
        {current !== me.username && (
          <Button variant="default" disabled={busy} onClick={() => onAssign(me.username)}>
            Assign to me
          </Button>
        )}
        {current !== null && (
          <Button variant="default" disabled={busy} onClick={() => onAssign(null)}>
            Unassign
          </Button>
        )}
      </Group>
      {error !== null && error !== undefined && (
        <Alert color="red" role="alert" title="Could not assign">
          {errorText(error)}
        </Alert>
      )}
    </Stack>
  );
}
