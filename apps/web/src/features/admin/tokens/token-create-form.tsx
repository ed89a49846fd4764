import { AdminForm } from '../../../shared/form/admin-form';
import { CreateTokenSchema, TOKEN_SCOPES, type CreatedToken } from '@aerie/contracts';
import { useState, type FormEvent } from 'react';
import { CheckboxGroup } from '../../../shared/form/checkbox-group';
import { issuesOf } from '../../../shared/form/field-issues';
import { TextField } from '../../../shared/form/text-field';
import { useFormSubmit } from '../../../shared/form/use-form-submit';
import { EMPTY_TOKEN_FORM, tokenInput, type TokenFormValues } from './token-input';
import { createToken } from './tokens.api';

const FIELDS = ['name', 'scopes', 'teams', 'cluster', 'expires_at'] as const;

/** A new API token: name, scopes, teams, optional pinned cluster and expiry. */
export function TokenCreateForm({
  teams,
  onCreated,
}: {
  teams: readonly string[];
  onCreated: (token: CreatedToken) => void;
}) {
  const [values, setValues] = useState<TokenFormValues>(EMPTY_TOKEN_FORM);
  const form = useFormSubmit(FIELDS, (field, i) => {
    const list = field === 'scopes' ? values.scopes : field === 'teams' ? values.teams : [];
    return `"${list[i] ?? i + 1}"`;
  });
  const { fields, other } = form.issues;
  const set = (patch: Partial<TokenFormValues>): void => setValues((v) => ({ ...v, ...patch }));

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const input = tokenInput(values);
    await form.submit(
      async () => {
        const created = await createToken(input);
        setValues(EMPTY_TOKEN_FORM);
        onCreated(created);
      },
      issuesOf(CreateTokenSchema, input),
    );
  };

  return (
    <AdminForm label="New token" formRef={form.formRef} errors={other} onSubmit={submit} grid>
      <TextField
        label="Name"
        autoComplete="off"
        hint="What it is for, e.g. falco-prod-eu or siem-export."
        value={values.name}
        onChange={(e) => set({ name: e.currentTarget.value })}
        error={fields.name}
      />
      <CheckboxGroup
        legend="Scopes"
        options={TOKEN_SCOPES}
        value={values.scopes}
        onChange={(scopes) => set({ scopes })}
        error={fields.scopes}
      />
      <CheckboxGroup
        legend="Teams"
        options={teams}
        value={values.teams}
        onChange={(chosen) => set({ teams: chosen })}
        error={fields.teams}
        empty="No teams yet. Without teams (and without admin) a token reads nothing."
      />
      <TextField
        label="Cluster (optional)"
        autoComplete="off"
        spellCheck={false}
        hint="Events sent with this token get this cluster, whatever they say."
        value={values.cluster}
        onChange={(e) => set({ cluster: e.currentTarget.value })}
        error={fields.cluster}
      />
      <TextField
        label="Expires (optional)"
        type="datetime-local"
        hint="Your local time; empty for a token that does not expire."
        value={values.expires}
        onChange={(e) => set({ expires: e.currentTarget.value })}
        error={fields.expires_at}
      />
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={form.busy}>
          Create token
        </button>
      </div>
    </AdminForm>
  );
}
