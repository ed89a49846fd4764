import type { Me } from '@aerie/contracts';
import { useEffect, useId, useRef, useState } from 'react';

/**
 * Who is signed in (a disclosure button with their name) and, opened, their role, teams and
 * "Sign out". Escape or a click elsewhere closes it.
 */
export function UserMenu({ me, onSignOut }: { me: Me; onSignOut: () => Promise<void> }) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    const onPointer = (e: PointerEvent): void => {
      if (e.target instanceof Node && !root.current?.contains(e.target)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointer);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer);
    };
  }, [open]);

  const signOut = async (): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      await onSignOut();
    } catch (err) {
      setError(`Could not sign out: ${err instanceof Error ? err.message : String(err)}`);
      setBusy(false);
    }
  };

  return (
    <div className="user-menu" ref={root}>
      <button
        ref={button}
        type="button"
        className="user-menu__button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
      >
        {/* Named by its text, "Account: <name>", so the name holds what it shows. */}
        <span className="user-menu__avatar" aria-hidden="true">
          {me.username.slice(0, 1).toUpperCase()}
        </span>
        <span className="visually-hidden">Account:</span> {me.username}
      </button>
      <div id={panelId} className="user-menu__panel" hidden={!open}>
        <dl className="user-menu__facts">
          <dt>Signed in as</dt>
          <dd>{me.username}</dd>
          <dt>Role</dt>
          <dd>{me.role}</dd>
          <dt>Teams</dt>
          <dd>{me.teams.length > 0 ? me.teams.join(', ') : 'none'}</dd>
        </dl>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button
          type="button"
          className="button button--secondary"
          disabled={busy}
          onClick={() => void signOut()}
        >
          Sign out
        </button>
      </div>
    </div>
  );
}
