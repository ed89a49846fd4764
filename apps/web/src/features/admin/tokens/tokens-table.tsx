import type { TokenInfo } from '@aerie/contracts';
import { AdminTable } from '../../../shared/admin-table';
import { ConfirmButton } from '../../../shared/confirm-button';
import { formatUtc } from '../../../shared/format';

const NONE = '—';

function status(t: TokenInfo, now: number): string {
  if (t.revoked_at) return `revoked ${formatUtc(t.revoked_at)}`;
  if (t.expires_at && Date.parse(t.expires_at) <= now) return 'expired';
  return 'active';
}

/** Tokens (never their secrets), with a revoke button (asked twice) for the live ones. */
export function TokensTable({
  tokens,
  onRevoke,
  now = Date.now(),
}: {
  tokens: readonly TokenInfo[];
  onRevoke: (token: TokenInfo) => Promise<void>;
  now?: number;
}) {
  if (tokens.length === 0) return <p className="muted">No tokens yet.</p>;
  return (
    <AdminTable
      caption="Tokens"
      columns={[
        'Name',
        'Prefix',
        'Scopes',
        'Teams',
        'Cluster',
        'Expires (UTC)',
        'Last used (UTC)',
        'Status',
      ]}
    >
      {tokens.map((t) => (
        <tr key={t.id} className={t.revoked_at ? 'admin-table__row--off' : undefined}>
          <th scope="row">{t.name}</th>
          <td>
            <code>{t.prefix}…</code>
          </td>
          <td>{t.scopes.join(', ')}</td>
          <td>{t.teams.length > 0 ? t.teams.join(', ') : NONE}</td>
          <td>{t.cluster ?? NONE}</td>
          <td>{t.expires_at ? formatUtc(t.expires_at) : 'never'}</td>
          <td>{t.last_used_at ? formatUtc(t.last_used_at) : 'never'}</td>
          <td>{status(t, now)}</td>
          <td>
            {!t.revoked_at && (
              <ConfirmButton
                label={`Revoke ${t.name}`}
                question={`Revoke ${t.name}? Whatever uses it stops working.`}
                confirmLabel="Yes, revoke"
                onConfirm={() => onRevoke(t)}
              />
            )}
          </td>
        </tr>
      ))}
    </AdminTable>
  );
}
