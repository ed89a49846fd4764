import type { Me } from '@aerie/contracts';
import { useCallback, useEffect, useState } from 'react';
import { onUnauthorized, setCsrfToken } from '../../shared/api';
import { fetchMe, logout } from './auth.api';

export const SESSION_ENDED = 'Your session ended; sign in again';

export type Session =
  | { status: 'checking' }
  | { status: 'signed-out'; notice?: string }
  | { status: 'signed-in'; me: Me };

export interface SessionControl {
  session: Session;
  /** After a successful sign-in. */
  signedIn: (me: Me) => void;
  /** Ends the session on the server, then here. */
  signOut: () => Promise<void>;
}

/**
 * Who is signed in. Asks the server once at start; any later 401 (the session expired or was
 * revoked) signs out here too, with a notice saying so.
 */
export function useSession(): SessionControl {
  const [session, setSession] = useState<Session>({ status: 'checking' });

  const signedIn = useCallback((me: Me) => {
    setCsrfToken(me.csrf_token);
    setSession({ status: 'signed-in', me });
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    fetchMe(controller.signal).then(
      (me) => {
        if (controller.signal.aborted) return;
        if (me) signedIn(me);
        else setSession({ status: 'signed-out' });
      },
      (err: unknown) => {
        if (controller.signal.aborted) return;
        const reason = err instanceof Error ? err.message : String(err);
        setSession({ status: 'signed-out', notice: `Could not check your session: ${reason}` });
      },
    );
    return () => controller.abort();
  }, [signedIn]);

  useEffect(
    () =>
      onUnauthorized(() => {
        setCsrfToken(undefined);
        // Only a live session can end; a late 401 after signing out says nothing new.
        setSession((prev) =>
          prev.status === 'signed-in' ? { status: 'signed-out', notice: SESSION_ENDED } : prev,
        );
      }),
    [],
  );

  const signOut = useCallback(async () => {
    await logout();
    setCsrfToken(undefined);
    setSession({ status: 'signed-out' });
  }, []);

  return { session, signedIn, signOut };
}
