import type { UserInfo } from '@aerie/contracts';
import { useState } from 'react';
import { ConfirmButton } from '../../../shared/confirm-button';
import { deleteUser, updateUser } from './users.api';

/** Disable or enable an account, or delete it (asked twice). */
export function UserStatusActions({
  user,
  onChanged,
  onDeleted,
}: {
  user: UserInfo;
  onChanged: () => void;
  onDeleted: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const toggle = async (): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      await updateUser(user.id, { disabled: !user.disabled });
      onChanged();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="actions">
      <button
        type="button"
        className="button button--secondary"
        disabled={busy}
        onClick={() => void toggle()}
      >
        {user.disabled ? `Enable ${user.username}` : `Disable ${user.username}`}
      </button>
      <ConfirmButton
        label={`Delete ${user.username}`}
        question={`Delete ${user.username} for good?`}
        confirmLabel="Yes, delete"
        onConfirm={async () => {
          await deleteUser(user.id);
          onDeleted();
        }}
      />
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </div>
  );
}
