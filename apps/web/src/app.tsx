import { LoginPage } from './features/auth/login-page';
import { useSession } from './features/auth/use-session';
import { AppShell } from './features/shell/app-shell';
import { HOME } from './shared/route';
import { navigate } from './shared/use-route';

/** Signed in: the dashboard; otherwise the sign-in page, which leads back to the same page. */
export function App() {
  const { session, signedIn, signOut } = useSession();

  switch (session.status) {
    case 'checking':
      return (
        <p className="muted boot" role="status">
          Loading Aerie…
        </p>
      );
    case 'signed-out':
      return <LoginPage notice={session.notice} onSignedIn={signedIn} />;
    case 'signed-in':
      return (
        <AppShell
          me={session.me}
          onSignOut={async () => {
            await signOut();
            // The next person to sign in starts on the dashboard, not on this one's page.
            navigate(HOME);
          }}
        />
      );
  }
}
