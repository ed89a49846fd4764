import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { fakeApi } from '../../../test/fake-api';
import { TokensPage } from './tokens-page';

const SECRET = 'aerie_s3cr3tS3CR3Ts3cr3tS3CR3Ts3cr3t';
const INFO = {
  id: '0195a3c2-7f4e-7b1a-9c3d-0000000000cc',
  name: 'siem-export',
  prefix: 'aerie_s3cr',
  scopes: ['siem:read'],
  cluster: null,
  created_at: '2026-05-01T10:00:00Z',
  expires_at: '2026-12-31T23:00:00.000Z',
  last_used_at: null,
  revoked_at: null,
  teams: ['payments'],
};

function server() {
  let listed: object[] = [];
  const api = fakeApi({
    'GET /api/v1/tokens': () => ({ status: 200, body: { items: listed } }),
    'GET /api/v1/teams': {
      status: 200,
      body: {
        items: [
          {
            id: '0195a3c2-7f4e-7b1a-9c3d-0000000000bb',
            name: 'payments',
            namespaces: ['*/payments'],
            cluster_wide: false,
            created_at: '2026-05-01T10:00:00Z',
          },
        ],
      },
    },
    'POST /api/v1/tokens': () => {
      listed = [INFO];
      return { status: 201, body: { ...INFO, token: SECRET } };
    },
  });
  return api;
}

describe('TokensPage', () => {
  it('creates a token, shows its secret once with a copy button, and forgets it after Done', async () => {
    const api = server();
    const writeText = vi.fn().mockResolvedValue(undefined);
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    render(<TokensPage />);

    const form = await screen.findByRole('form', { name: 'New token' });
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'siem-export' } });
    fireEvent.click(within(form).getByRole('checkbox', { name: 'siem:read' }));
    fireEvent.click(await within(form).findByRole('checkbox', { name: 'payments' }));
    fireEvent.change(within(form).getByLabelText('Expires (optional)'), {
      target: { value: '2026-12-31T23:00' },
    });
    fireEvent.click(within(form).getByRole('button', { name: 'Create token' }));

    const secret = await screen.findByRole('region', { name: 'Token siem-export created' });
    expect(secret.textContent).toContain('you will not see it again');
    expect(within(secret).getByLabelText<HTMLInputElement>('Token').value).toBe(SECRET);
    expect(document.activeElement?.textContent).toBe('Token siem-export created');
    expect(api.callsTo('POST /api/v1/tokens')[0]?.body).toEqual({
      name: 'siem-export',
      scopes: ['siem:read'],
      teams: ['payments'],
      cluster: null,
      expires_at: new Date('2026-12-31T23:00').toISOString(),
    });

    fireEvent.click(within(secret).getByRole('button', { name: 'Copy' }));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith(SECRET));
    expect(within(secret).getByRole('status').textContent).toBe('Copied to the clipboard.');

    // The list is reloaded and shows the prefix, never the secret.
    const table = await screen.findByRole('table', { name: 'Tokens' });
    expect(within(table).getByRole('rowheader', { name: 'siem-export' })).toBeTruthy();
    expect(table.textContent).not.toContain(SECRET);

    fireEvent.click(within(secret).getByRole('button', { name: 'Done, I have stored it' }));
    expect(screen.queryByRole('region', { name: /created/ })).toBeNull();
    expect(document.body.innerHTML).not.toContain(SECRET);
  });

  it('asks before revoking, then revokes', async () => {
    const api = server();
    api.on('GET /api/v1/tokens', { status: 200, body: { items: [INFO] } });
    api.on(`DELETE /api/v1/tokens/${INFO.id}`, () => {
      api.on('GET /api/v1/tokens', {
        status: 200,
        body: { items: [{ ...INFO, revoked_at: '2026-05-02T08:00:00Z' }] },
      });
      return { status: 200, body: { ...INFO, revoked_at: '2026-05-02T08:00:00Z' } };
    });
    render(<TokensPage />);

    fireEvent.click(await screen.findByRole('button', { name: 'Revoke siem-export' }));
    expect(api.callsTo(`DELETE /api/v1/tokens/${INFO.id}`)).toHaveLength(0);
    expect(document.activeElement?.textContent).toBe('Cancel');
    fireEvent.click(screen.getByRole('button', { name: 'Yes, revoke' }));

    expect(await screen.findByText('revoked 2026-05-02 08:00:00.000')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Revoke siem-export' })).toBeNull();
  });
});
