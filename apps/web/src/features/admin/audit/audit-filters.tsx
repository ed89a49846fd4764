import { Autocomplete, Button, Group, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { KNOWN_ACTIONS, type AuditFilter } from './audit.view';

/** Actor and action, applied on submit (the API matches them exactly, so not per keystroke). */
export function AuditFilters({
  filter,
  onApply,
}: {
  filter: AuditFilter;
  onApply: (next: AuditFilter) => void;
}) {
  const [actor, setActor] = useState(filter.actor ?? '');
  const [action, setAction] = useState(filter.action ?? '');
  const submit = (e: FormEvent<HTMLFormElement>): void => {
    e.preventDefault();
    onApply({ actor: actor.trim() || undefined, action: action.trim() || undefined });
  };
  const clear = (): void => {
    setActor('');
    setAction('');
    onApply({ actor: undefined, action: undefined });
  };
  return (
    <form role="search" aria-label="Audit filters" onSubmit={submit}>
      <Group align="flex-end" gap="sm">
        <TextInput
          label="Actor"
          placeholder="user:alice, token:<id>, anonymous"
          value={actor}
          onChange={(e) => setActor(e.currentTarget.value)}
        />
        <Autocomplete
          label="Action"
          placeholder="token.create"
          data={[...KNOWN_ACTIONS]}
          value={action}
          onChange={setAction}
        />
        <Button type="submit">Filter</Button>
        {(filter.actor || filter.action) && (
          <Button variant="default" onClick={clear}>
            Clear filters
          </Button>
        )}
      </Group>
    </form>
  );
}
