import type { UserInfo } from '@aerie/contracts';
import { PasswordResetForm } from './password-reset-form';
import { UserAccessForm } from './user-access-form';
import { UserStatusActions } from './user-status-actions';

/** Everything an admin can change about one user. */
export function UserEditor({
  user,
  teams,
  onChanged,
  onClose,
}: {
  user: UserInfo;
  teams: readonly string[];
  onChanged: () => void;
  onClose: () => void;
}) {
  const headingId = `edit-user-${user.id}`;
  return (
    <section className="panel" aria-labelledby={headingId}>
      <div className="panel__head">
        <h3 id={headingId}>Edit {user.username}</h3>
        <button type="button" className="button button--secondary" onClick={onClose}>
          Close
        </button>
      </div>
      {user.source === 'oidc' && (
        <p className="muted">
          Signs in with single sign-on: role and teams come from the identity provider at each
          sign-in.
        </p>
      )}
      <UserAccessForm user={user} teams={teams} onSaved={onChanged} />
      {user.source === 'local' && <PasswordResetForm user={user} />}
      <UserStatusActions
        user={user}
        onChanged={onChanged}
        onDeleted={() => {
          onClose();
          onChanged();
        }}
      />
    </section>
  );
}
