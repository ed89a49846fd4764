import { Alert, Button, Stack, Textarea } from '@mantine/core';
import { COMMENT_MAX } from '@aerie/contracts';
import { useState, type FormEvent } from 'react';
import { errorText } from './error-text';
import { useAddComment } from './use-triage';

/** A comment on the group; kept in the box if the server refuses it. */
export function CommentForm({ groupId }: { groupId: string }) {
  const [body, setBody] = useState('');
  const add = useAddComment(groupId);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (body.trim() === '') return;
    add.mutate(body, { onSuccess: () => setBody('') });
  };
  return (
    <Stack component="form" gap="xs" onSubmit={submit}>
      <Textarea
        label="Comment"
        rows={3}
        maxLength={COMMENT_MAX}
        value={body}
        onChange={(e) => setBody(e.currentTarget.value)}
      />
      <Button
        type="submit"
        loading={add.isPending}
        disabled={body.trim() === ''}
        style={{ alignSelf: 'start' }}
      >
        Add comment
      </Button>
      {add.error && (
        <Alert color="red" role="alert" title="Could not add the comment">
          {errorText(add.error)}
        </Alert>
      )}
    </Stack>
  );
}
