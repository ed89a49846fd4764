import type { TeamInfo } from '@aerie/contracts';
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
    <div className="table-wrap">
      <table className="admin-table">
        <caption className="visually-hidden">Teams</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Namespaces</th>
            <th scope="col">Cluster-wide</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
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
        </tbody>
      </table>
    </div>
  );
}
