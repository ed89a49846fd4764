import { AdminForm } from '../../../shared/form/admin-form';
import { ROLES, UpdateUserSchema, type Role, type UserInfo } from '@aerie/contracts';
import { useState, type FormEvent } from 'react';
import { CheckboxGroup } from '../../../shared/form/checkbox-group';
import { issuesOf } from '../../../shared/form/field-issues';
import { SelectField } from '../../../shared/form/select-field';
import { useFormSubmit } from '../../../shared/form/use-form-submit';
import { updateUser } from './users.api';

const FIELDS = ['role', 'teams'] as const;

/** What a user may do and see: their role and teams. */
export function UserAccessForm({
  user,
  teams,
  onSaved,
}: {
  user: UserInfo;
  teams: readonly string[];
  onSaved: () => void;
}) {
  const [role, setRole] = useState<Role>(user.role);
  const [chosen, setChosen] = useState<string[]>(user.teams);
  const [saved, setSaved] = useState<string>();
  const form = useFormSubmit(FIELDS, (_field, i) => `"${chosen[i] ?? i + 1}"`);
  // Teams the user has but that are gone from the list stay visible, so they can be removed.
  const options = [...new Set([...teams, ...user.teams])];

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setSaved(undefined);
    const patch = { role, teams: chosen };
    await form.submit(
      async () => {
        await updateUser(user.id, patch);
        setSaved('Role and teams saved.');
        onSaved();
      },
      issuesOf(UpdateUserSchema, patch),
    );
  };

  return (
    <AdminForm
      label={`Role and teams of ${user.username}`}
      formRef={form.formRef}
      errors={form.issues.other}
      onSubmit={submit}
    >
      <SelectField
        label="Role"
        options={ROLES}
        value={role}
        onChange={(e) => setRole(e.currentTarget.value as Role)}
        error={form.issues.fields.role}
      />
      <CheckboxGroup
        legend="Teams"
        options={options}
        value={chosen}
        onChange={setChosen}
        error={form.issues.fields.teams}
        empty="No teams yet."
      />
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={form.busy}>
          Save role and teams
        </button>
        <p role="status" className="muted">
          {saved}
        </p>
      </div>
    </AdminForm>
  );
}
