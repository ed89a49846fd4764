import type { UserInfo } from '@aerie/contracts';
import { formatUtc } from '../../../shared/format';

/** Users, one row each, with a button to edit each. */
export function UsersTable({
  users,
  onEdit,
}: {
  users: readonly UserInfo[];
  onEdit: (user: UserInfo) => void;
}) {
  return (
    <div className="table-wrap">
      <table className="admin-table">
        <caption className="visually-hidden">Users</caption>
        <thead>
          <tr>
            <th scope="col">Username</th>
            <th scope="col">Role</th>
            <th scope="col">Teams</th>
            <th scope="col">Sign-in</th>
            <th scope="col">Status</th>
            <th scope="col">Last sign-in (UTC)</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id}>
              <th scope="row">{u.username}</th>
              <td>{u.role}</td>
              <td>{u.teams.length > 0 ? u.teams.join(', ') : '—'}</td>
              <td>{u.source === 'local' ? 'password' : 'single sign-on'}</td>
              <td>{u.disabled ? 'disabled' : 'active'}</td>
              <td>{u.last_login_at ? formatUtc(u.last_login_at) : 'never'}</td>
              <td>
                <button
                  type="button"
                  className="button button--secondary"
                  aria-label={`Edit ${u.username}`}
                  onClick={() => onEdit(u)}
                >
                  Edit
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
