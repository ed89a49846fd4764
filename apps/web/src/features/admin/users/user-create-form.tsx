import { AdminForm } from '../../../shared/form/admin-form';
import {
  CreateUserSchema,
  ROLES,
  type CreateUser,
  type Role,
  type UserInfo,
} from '@aerie/contracts';
import { useState, type FormEvent } from 'react';
import { CheckboxGroup } from '../../../shared/form/checkbox-group';
import { issuesOf } from '../../../shared/form/field-issues';
import { SelectField } from '../../../shared/form/select-field';
import { TextField } from '../../../shared/form/text-field';
import { useFormSubmit } from '../../../shared/form/use-form-submit';
import { createUser } from './users.api';

const FIELDS = ['username', 'password', 'role', 'teams'] as const;
const EMPTY: CreateUser = { username: '', password: '', role: 'viewer', teams: [] };

/** A new local account: name, first password, role and teams. */
export function UserCreateForm({
  teams,
  onCreated,
}: {
  teams: readonly string[];
  onCreated: (user: UserInfo) => void;
}) {
  const [values, setValues] = useState<CreateUser>(EMPTY);
  const [created, setCreated] = useState<string>();
  const form = useFormSubmit(FIELDS, (_field, i) => `"${values.teams[i] ?? i + 1}"`);
  const { fields, other } = form.issues;

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setCreated(undefined);
    await form.submit(
      async () => {
        const user = await createUser(values);
        setValues(EMPTY);
        setCreated(`Created ${user.username} (${user.role}).`);
        onCreated(user);
      },
      issuesOf(CreateUserSchema, values),
    );
  };

  return (
    <AdminForm label="New user" formRef={form.formRef} errors={other} onSubmit={submit} grid>
      <TextField
        label="Username"
        autoComplete="off"
        spellCheck={false}
        value={values.username}
        onChange={(e) => setValues({ ...values, username: e.currentTarget.value })}
        error={fields.username}
      />
      <TextField
        label="Password"
        type="password"
        autoComplete="new-password"
        hint="At least 12 characters; hand it over by a safe channel."
        value={values.password}
        onChange={(e) => setValues({ ...values, password: e.currentTarget.value })}
        error={fields.password}
      />
      <SelectField
        label="Role"
        options={ROLES}
        value={values.role}
        onChange={(e) => setValues({ ...values, role: e.currentTarget.value as Role })}
        error={fields.role}
      />
      <CheckboxGroup
        legend="Teams"
        options={teams}
        value={values.teams}
        onChange={(next) => setValues({ ...values, teams: next })}
        error={fields.teams}
        empty="No teams yet: create one under Teams."
      />
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={form.busy}>
          Create user
        </button>
        <p role="status" className="muted">
          {created}
        </p>
      </div>
    </AdminForm>
  );
}
