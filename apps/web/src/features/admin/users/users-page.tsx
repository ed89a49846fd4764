import { useState } from 'react';
import { useLoad } from '../../../shared/use-load';
import { listTeams } from '../teams/teams.api';
import { UserCreateForm } from './user-create-form';
import { UserEditor } from './user-editor';
import { UsersTable } from './users-table';
import { listUsers } from './users.api';

/** Admin › Users: who may sign in, with which role and teams. */
export function UsersPage() {
  const users = useLoad(listUsers);
  const teams = useLoad(listTeams);
  const [editingId, setEditingId] = useState<string>();
  const teamNames = (teams.data ?? []).map((t) => t.name);
  const editing = users.data?.find((u) => u.id === editingId);

  return (
    <>
      <section className="panel" aria-labelledby="users-heading">
        <h2 id="users-heading">Users</h2>
        {users.error && (
          <p role="alert" className="error">
            Could not load users: {users.error.message}
          </p>
        )}
        {teams.error && (
          <p role="alert" className="error">
            Could not load teams: {teams.error.message}
          </p>
        )}
        {users.data ? (
          <UsersTable users={users.data} onEdit={(u) => setEditingId(u.id)} />
        ) : (
          !users.error && <p className="muted">Loading users…</p>
        )}
      </section>

      {editing && (
        <UserEditor
          key={editing.id}
          user={editing}
          teams={teamNames}
          onChanged={users.reload}
          onClose={() => setEditingId(undefined)}
        />
      )}

      <section className="panel" aria-labelledby="new-user-heading">
        <h3 id="new-user-heading">New user</h3>
        <UserCreateForm teams={teamNames} onCreated={users.reload} />
      </section>
    </>
  );
}
