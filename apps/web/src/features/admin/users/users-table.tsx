import { AdminTable } from '../../../shared/admin-table';
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
    <AdminTable
      caption="Users"
      columns={['Username', 'Role', 'Teams', 'Sign-in', 'Status', 'Last sign-in (UTC)']}
    >
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
    </AdminTable>
  );
}
