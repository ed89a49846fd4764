import { AdminForm } from '../../../shared/form/admin-form';
import { UpdateUserSchema, type UserInfo } from '@aerie/contracts';
import { useState, type FormEvent } from 'react';
import { issuesOf } from '../../../shared/form/field-issues';
import { TextField } from '../../../shared/form/text-field';
import { useFormSubmit } from '../../../shared/form/use-form-submit';
import { updateUser } from './users.api';

const FIELDS = ['password'] as const;

/** Sets a new password for someone who lost theirs. */
export function PasswordResetForm({ user }: { user: UserInfo }) {
  const [password, setPassword] = useState('');
  const [saved, setSaved] = useState<string>();
  const form = useFormSubmit(FIELDS);

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setSaved(undefined);
    await form.submit(
      async () => {
        await updateUser(user.id, { password });
        setPassword('');
        setSaved(`Password of ${user.username} changed.`);
      },
      issuesOf(UpdateUserSchema, { password }),
    );
  };

  return (
    <AdminForm
      label={`Reset the password of ${user.username}`}
      formRef={form.formRef}
      errors={form.issues.other}
      onSubmit={submit}
    >
      <TextField
        label="New password"
        type="password"
        autoComplete="new-password"
        hint="At least 12 characters."
        value={password}
        onChange={(e) => setPassword(e.currentTarget.value)}
        error={form.issues.fields.password}
      />
      <div className="form__actions">
        <button type="submit" className="button button--secondary" disabled={form.busy}>
          Reset password
        </button>
        <p role="status" className="muted">
          {saved}
        </p>
      </div>
    </AdminForm>
  );
}
