import { useState } from 'react';
import { useLoad } from '../../../shared/use-load';
import { TeamForm } from './team-form';
import { TeamsTable } from './teams-table';
import { deleteTeam, listTeams } from './teams.api';

/** Admin › Teams: which namespaces each team sees. */
export function TeamsPage() {
  const teams = useLoad(listTeams);
  const [editingId, setEditingId] = useState<string>();
  const editing = teams.data?.find((t) => t.id === editingId);

  return (
    <>
      <section className="panel" aria-labelledby="teams-heading">
        <h2 id="teams-heading">Teams</h2>
        <p className="muted">
          A team sees the events of its namespaces and nothing else; admins see everything.
        </p>
        {teams.error && (
          <p role="alert" className="error">
            Could not load teams: {teams.error.message}
          </p>
        )}
        {teams.data ? (
          <TeamsTable
            teams={teams.data}
            onEdit={(t) => setEditingId(t.id)}
            onDelete={async (t) => {
              await deleteTeam(t.id);
              if (t.id === editingId) setEditingId(undefined);
              teams.reload();
            }}
          />
        ) : (
          !teams.error && <p className="muted">Loading teams…</p>
        )}
      </section>

      {editing && (
        <section className="panel" aria-labelledby="edit-team-heading">
          <div className="panel__head">
            <h3 id="edit-team-heading">Edit {editing.name}</h3>
            <button
              type="button"
              className="button button--secondary"
              onClick={() => setEditingId(undefined)}
            >
              Close
            </button>
          </div>
          <TeamForm key={editing.id} team={editing} onSaved={teams.reload} />
        </section>
      )}

      <section className="panel" aria-labelledby="new-team-heading">
        <h3 id="new-team-heading">New team</h3>
        <TeamForm onSaved={teams.reload} />
      </section>
    </>
  );
}
