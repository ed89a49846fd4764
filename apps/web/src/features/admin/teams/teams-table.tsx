import type { TeamInfo } from '@aerie/contracts';
import { AdminTable } from '../../../shared/admin-table';
import { ConfirmButton } from '../../../shared/confirm-button';

/** Teams with what each sees, an edit button and a delete (asked twice). */
export function TeamsTable({
  teams,
  onEdit,
  onDelete,
}: {
  teams: readonly TeamInfo[];
  onEdit: (team: TeamInfo) => void;
  onDelete: (team: TeamInfo) => Promise<void>;
}) {
  if (teams.length === 0) return <p className="muted">No teams yet.</p>;
  return (
    <AdminTable caption="Teams" columns={['Name', 'Namespaces', 'Cluster-wide']}>
      {teams.map((t) => (
        <tr key={t.id}>
          <th scope="row">{t.name}</th>
          <td>
            {t.namespaces.length === 0 ? (
              '—'
            ) : (
              <ul className="plain-list">
                {t.namespaces.map((n) => (
                  <li key={n}>
                    <code>{n}</code>
                  </li>
                ))}
              </ul>
            )}
          </td>
          <td>{t.cluster_wide ? 'yes' : 'no'}</td>
          <td className="actions">
            <button
              type="button"
              className="button button--secondary"
              aria-label={`Edit ${t.name}`}
              onClick={() => onEdit(t)}
            >
              Edit
            </button>
            <ConfirmButton
              label={`Delete ${t.name}`}
              question={`Delete team ${t.name}? Its members lose what it shows them.`}
              confirmLabel="Yes, delete"
              onConfirm={() => onDelete(t)}
            />
          </td>
        </tr>
      ))}
    </AdminTable>
  );
}
