import type { Me } from '@aerie/contracts';
import { useLoad } from '../../shared/use-load';
import { fetchProviders } from './auth.api';
import { LoginForm } from './login-form';

/** The page for people who are not signed in: local sign-in and, when set up, single sign-on. */
export function LoginPage({
  notice,
  onSignedIn,
}: {
  notice?: string;
  onSignedIn: (me: Me) => void;
}) {
  // Without an answer the local form is still offered: it is the default provider.
  const providers = useLoad(fetchProviders);
  const oidc = providers.data?.oidc ?? null;
  const local = providers.data?.local ?? true;

  return (
    <main className="login">
      <section className="panel login__panel" aria-labelledby="login-heading">
        <div>
          <p className="login__brand">Aerie</p>
          <h1 id="login-heading">Sign in</h1>
        </div>
        {notice && (
          <p role="status" className="notice">
            {notice}
          </p>
        )}
        {local && <LoginForm onSignedIn={onSignedIn} />}
        {oidc && (
          <p className="login__sso">
            <a className="button button--secondary" href={oidc.login_url}>
              Sign in with {oidc.name}
            </a>
          </p>
        )}
      </section>
    </main>
  );
}
