import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { onUnauthorized } from '../../shared/api';
import { fakeApi, ME_ADMIN } from '../../test/fake-api';
import { LoginForm } from './login-form';

function fill(username: string, password: string): void {
  fireEvent.change(screen.getByLabelText('Username'), { target: { value: username } });
  fireEvent.change(screen.getByLabelText('Password'), { target: { value: password } });
}
const submit = (): boolean => fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));

describe('LoginForm', () => {
  const ended = vi.fn();
  const stopListening = onUnauthorized(ended);
  afterEach(() => ended.mockClear());
  afterAll(stopListening);

  it('starts in the username field and says which field is missing, without asking the server', () => {
    const api = fakeApi();
    render(<LoginForm onSignedIn={vi.fn()} />);
    const username = screen.getByLabelText('Username');
    expect(document.activeElement).toBe(username);

    fill('', 'whatever');
    submit();

    expect(username.getAttribute('aria-invalid')).toBe('true');
    const describedBy = username.getAttribute('aria-describedby') ?? '';
    expect(document.getElementById(describedBy)?.textContent).toBe('is required');
    expect(document.activeElement).toBe(username);
    expect(api.calls).toHaveLength(0);
  });

  it('signs in with the typed credentials, same-origin, and hands over who signed in', async () => {
    const api = fakeApi({ 'POST /api/v1/auth/login': { status: 200, body: ME_ADMIN } });
    const onSignedIn = vi.fn();
    render(<LoginForm onSignedIn={onSignedIn} />);

    fill('admin', 'correct horse battery');
    submit();

    await waitFor(() => expect(onSignedIn).toHaveBeenCalledWith(ME_ADMIN));
    const [call] = api.callsTo('POST /api/v1/auth/login');
    expect(call?.body).toEqual({ username: 'admin', password: 'correct horse battery' });
    expect(call?.credentials).toBe('same-origin');
  });

  it('shows wrong credentials as an alert, clears the password and puts the cursor back in it', async () => {
    fakeApi({
      'POST /api/v1/auth/login': {
        status: 401,
        body: { error: 'invalid_credentials', message: 'wrong username or password' },
      },
    });
    const onSignedIn = vi.fn();
    render(<LoginForm onSignedIn={onSignedIn} />);

    fill('admin', 'not the password');
    submit();

    expect((await screen.findByRole('alert')).textContent).toBe('wrong username or password');
    const password = screen.getByLabelText<HTMLInputElement>('Password');
    expect(password.value).toBe('');
    expect(document.activeElement).toBe(password);
    expect(onSignedIn).not.toHaveBeenCalled();
    // A refused sign-in is an answer, not a session that ended.
    expect(ended).not.toHaveBeenCalled();
  });

  it('shows the server message of a 429 with how long to wait', async () => {
    fakeApi({
      'POST /api/v1/auth/login': {
        status: 429,
        headers: { 'retry-after': '900' },
        body: { error: 'account_locked', message: 'too many failed sign-ins; account locked' },
      },
    });
    render(<LoginForm onSignedIn={vi.fn()} />);

    fill('admin', 'guess number six');
    submit();

    expect((await screen.findByRole('alert')).textContent).toBe(
      'too many failed sign-ins; account locked. Try again in 15 minutes.',
    );
    // Not a wrong password: what was typed stays.
    expect(screen.getByLabelText<HTMLInputElement>('Password').value).toBe('guess number six');
  });

  it('does not repeat the wait when the 429 message already says it', async () => {
    const message = 'too many sign-in attempts from this address; try again in 3 s';
    fakeApi({
      'POST /api/v1/auth/login': {
        status: 429,
        headers: { 'retry-after': '3' },
        body: { error: 'too_many_attempts', message },
      },
    });
    render(<LoginForm onSignedIn={vi.fn()} />);
    fill('admin', 'guess number seven');
    submit();
    expect((await screen.findByRole('alert')).textContent).toBe(message);
  });
});
