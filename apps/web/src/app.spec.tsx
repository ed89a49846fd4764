import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { App } from './app';
import { Providers } from './providers';
import { FakeSocket } from './test/fake-live';
import { fakeApi, ME_ADMIN, ME_VIEWER } from './test/fake-api';

const EMPTY_STATS = {
  total: 0,
  by_priority: [],
  by_rule: [],
  by_source: [],
  by_hostname: [],
  by_tag: [],
  by_cluster: [],
  by_namespace: [],
  by_boundary: [],
  histogram: { bucket: '1h', buckets: [] },
};
const SIGNED_OUT = { status: 401, body: { error: 'unauthorized', message: 'sign in first' } };

/** A server whose read endpoints answer like a live session. */
function server(me: object | typeof SIGNED_OUT) {
  return fakeApi({
    'GET /api/v1/auth/me': 'status' in me ? me : { status: 200, body: me },
    'GET /api/v1/auth/providers': { status: 200, body: { local: true, oidc: null } },
    'GET /api/v1/stats': { status: 200, body: EMPTY_STATS },
    'GET /api/v1/events': { status: 200, body: { items: [], next_cursor: null } },
    'GET /readyz': { status: 200, body: { status: 'ready' } },
  });
}

/** The whole app as main.tsx mounts it; the live socket is a fake that never connects. */
function renderApp(): void {
  vi.stubGlobal('WebSocket', FakeSocket);
  render(
    <Providers>
      <App />
    </Providers>,
  );
}

async function signIn(username: string, password: string): Promise<void> {
  fireEvent.change(await screen.findByLabelText('Username'), { target: { value: username } });
  fireEvent.change(screen.getByLabelText('Password'), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('App', () => {
  it('shows the sign-in page without a session, and the dashboard after signing in', async () => {
    const api = server(SIGNED_OUT);
    api.on('POST /api/v1/auth/login', { status: 200, body: ME_ADMIN });
    renderApp();

    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeTruthy();
    expect(screen.queryByText('Your session ended; sign in again')).toBeNull();
    expect(api.callsTo('GET /api/v1/events')).toHaveLength(0);

    await signIn('admin', 'correct horse battery');

    expect(await screen.findByRole('heading', { level: 1, name: 'Aerie' })).toBeTruthy();
    expect(await screen.findByRole('heading', { level: 2, name: 'Events' })).toBeTruthy();
    expect(api.unexpected).toEqual([]);
  });

  it('goes back to sign-in when a call answers 401, says why, and returns to the same page after', async () => {
    window.location.hash = '#/admin/teams';
    const api = server(ME_ADMIN);
    api.on('GET /api/v1/teams', SIGNED_OUT); // the session expired meanwhile
    api.on('POST /api/v1/auth/login', { status: 200, body: ME_ADMIN });
    renderApp();

    expect(await screen.findByText('Your session ended; sign in again')).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Sign in' })).toBeTruthy();

    api.on('GET /api/v1/teams', { status: 200, body: { items: [] } });
    await signIn('admin', 'correct horse battery');

    expect(await screen.findByRole('heading', { level: 2, name: 'Teams' })).toBeTruthy();
    expect(window.location.hash).toBe('#/admin/teams');
    expect(screen.queryByText('Your session ended; sign in again')).toBeNull();
  });

  it('offers Admin to admins only', async () => {
    server(ME_VIEWER);
    renderApp();
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('link', { name: 'Events' })).toBeTruthy();
    expect(within(nav).queryByRole('link', { name: 'Admin' })).toBeNull();

    // Typing the address does not help either.
    window.location.hash = '#/admin/users';
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    expect(await screen.findByText(/Administration is for admins only/)).toBeTruthy();
  });

  it('signs out with the session CSRF token and lands on sign-in without a notice', async () => {
    const api = server(ME_ADMIN);
    api.on('POST /api/v1/auth/logout', { status: 204 });
    renderApp();

    fireEvent.click(await screen.findByRole('button', { name: 'Account: admin' }));
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));

    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeTruthy();
    const [logout] = api.callsTo('POST /api/v1/auth/logout');
    expect(logout?.headers['x-csrf-token']).toBe('csrf-admin');
    // Reads never carry it: only state-changing calls need it.
    expect(api.callsTo('GET /api/v1/events')[0]?.headers['x-csrf-token']).toBeUndefined();
    expect(screen.queryByText('Your session ended; sign in again')).toBeNull();
    await waitFor(() => expect(window.location.hash).toBe('#/events'));
  });
});
