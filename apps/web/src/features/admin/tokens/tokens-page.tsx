import type { CreatedToken } from '@aerie/contracts';
import { useState } from 'react';
import { useLoad } from '../../../shared/use-load';
import { listTeams } from '../teams/teams.api';
import { TokenCreateForm } from './token-create-form';
import { TokenSecret } from './token-secret';
import { TokensTable } from './tokens-table';
import { listTokens, revokeToken } from './tokens.api';

/** Admin › Tokens: API tokens for Falco, SIEMs and scripts. */
export function TokensPage() {
  const tokens = useLoad(listTokens);
  const teams = useLoad(listTeams);
  // Held only until "Done": the secret must not outlive the moment it is shown.
  const [created, setCreated] = useState<CreatedToken>();

  return (
    <>
      {created && <TokenSecret token={created} onDone={() => setCreated(undefined)} />}

      <section className="panel" aria-labelledby="tokens-heading">
        <h2 id="tokens-heading">Tokens</h2>
        {tokens.error && (
          <p role="alert" className="error">
            Could not load tokens: {tokens.error.message}
          </p>
        )}
        {tokens.data ? (
          <TokensTable
            tokens={tokens.data}
            onRevoke={async (t) => {
              await revokeToken(t.id);
              tokens.reload();
            }}
          />
        ) : (
          !tokens.error && <p className="muted">Loading tokens…</p>
        )}
      </section>

      <section className="panel" aria-labelledby="new-token-heading">
        <h3 id="new-token-heading">New token</h3>
        {teams.error && (
          <p role="alert" className="error">
            Could not load teams: {teams.error.message}
          </p>
        )}
        <TokenCreateForm
          teams={(teams.data ?? []).map((t) => t.name)}
          onCreated={(token) => {
            setCreated(token);
            tokens.reload();
          }}
        />
      </section>
    </>
  );
}
