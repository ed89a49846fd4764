import { AdminForm } from '../../../shared/form/admin-form';
import { CreateTeamSchema, UpdateTeamSchema, type TeamInfo } from '@aerie/contracts';
import { useState, type FormEvent } from 'react';
import { issuesOf } from '../../../shared/form/field-issues';
import { TextareaField } from '../../../shared/form/textarea-field';
import { TextField } from '../../../shared/form/text-field';
import { useFormSubmit } from '../../../shared/form/use-form-submit';
import { formatNamespaceLines, parseNamespaceLines } from './namespace-lines';
import { createTeam, updateTeam } from './teams.api';

const FIELDS = ['name', 'namespaces', 'cluster_wide'] as const;

/**
 * Creates a team, or (given `team`) changes its namespaces and cluster-wide grant; a team's
 * name is fixed once made (users and tokens refer to it).
 */
export function TeamForm({
  team,
  onSaved,
}: {
  team?: TeamInfo;
  onSaved: (team: TeamInfo) => void;
}) {
  const [name, setName] = useState(team?.name ?? '');
  const [lines, setLines] = useState(formatNamespaceLines(team?.namespaces ?? []));
  const [clusterWide, setClusterWide] = useState(team?.cluster_wide ?? false);
  const [saved, setSaved] = useState<string>();
  const namespaces = parseNamespaceLines(lines);
  // A selector is named by what was typed: blank lines make line numbers misleading.
  const form = useFormSubmit(FIELDS, (_f, i) => `"${namespaces[i] ?? i + 1}"`);
  const { fields, other } = form.issues;

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setSaved(undefined);
    if (team) {
      const patch = { namespaces, cluster_wide: clusterWide };
      await form.submit(
        async () => {
          const updated = await updateTeam(team.id, patch);
          setSaved(`Saved ${updated.name}.`);
          onSaved(updated);
        },
        issuesOf(UpdateTeamSchema, patch),
      );
      return;
    }
    const input = { name, namespaces, cluster_wide: clusterWide };
    await form.submit(
      async () => {
        const created = await createTeam(input);
        setName('');
        setLines('');
        setClusterWide(false);
        setSaved(`Created ${created.name}.`);
        onSaved(created);
      },
      issuesOf(CreateTeamSchema, input),
    );
  };

  return (
    <AdminForm
      label={team ? `Edit team ${team.name}` : 'New team'}
      formRef={form.formRef}
      errors={other}
      onSubmit={submit}
    >
      {!team && (
        <TextField
          label="Name"
          autoComplete="off"
          spellCheck={false}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={fields.name}
        />
      )}
      <TextareaField
        label="Namespaces"
        rows={4}
        spellCheck={false}
        hint='One per line, "<cluster>/<namespace>"; * matches any run of characters, ? one. E.g. prod-*/payments-*'
        value={lines}
        onChange={(e) => setLines(e.currentTarget.value)}
        error={fields.namespaces}
      />
      <div className="field">
        <label className="checkbox">
          <input
            type="checkbox"
            checked={clusterWide}
            onChange={(e) => setClusterWide(e.currentTarget.checked)}
          />
          Cluster-wide: also events without a namespace (hosts, cloud audit) in these clusters
        </label>
        {fields.cluster_wide && <p className="field__error">{fields.cluster_wide}</p>}
      </div>
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={form.busy}>
          {team ? 'Save team' : 'Create team'}
        </button>
        <p role="status" className="muted">
          {saved}
        </p>
      </div>
    </AdminForm>
  );
}
