import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { fakeApi } from '../../../test/fake-api';
import { UserCreateForm } from './user-create-form';

const errorOf = (field: HTMLElement): string | undefined => {
  const ids = (field.getAttribute('aria-describedby') ?? '').split(' ');
  return (
    ids.map((id) => document.getElementById(id)).find((el) => el?.className === 'field__error')
      ?.textContent ?? undefined
  );
};

function fillValid(): void {
  fireEvent.change(screen.getByLabelText('Username'), { target: { value: 'vera' } });
  fireEvent.change(screen.getByLabelText('Password'), {
    target: { value: 'a long enough passphrase' },
  });
  fireEvent.change(screen.getByLabelText('Role'), { target: { value: 'analyst' } });
  fireEvent.click(screen.getByRole('checkbox', { name: 'payments' }));
}
const create = (): boolean => fireEvent.click(screen.getByRole('button', { name: 'Create user' }));

describe('UserCreateForm', () => {
  it('sends the new user with their role and teams', async () => {
    const api = fakeApi({
      'POST /api/v1/users': {
        status: 201,
        body: {
          id: '0195a3c2-7f4e-7b1a-9c3d-0000000000aa',
          username: 'vera',
          role: 'analyst',
          teams: ['payments'],
          source: 'local',
          disabled: false,
          created_at: '2026-05-01T10:00:00Z',
          last_login_at: null,
        },
      },
    });
    const onCreated = vi.fn();
    render(<UserCreateForm teams={['payments', 'billing']} onCreated={onCreated} />);
    fillValid();
    create();

    await waitFor(() => expect(onCreated).toHaveBeenCalledOnce());
    expect(api.callsTo('POST /api/v1/users')[0]?.body).toEqual({
      username: 'vera',
      password: 'a long enough passphrase',
      role: 'analyst',
      teams: ['payments'],
    });
    expect(screen.getByRole('status').textContent).toBe('Created vera (analyst).');
    expect(screen.getByLabelText<HTMLInputElement>('Password').value).toBe(''); // not kept around
  });

  it('puts each issue the server found next to its field and focuses the first', async () => {
    fakeApi({
      'POST /api/v1/users': {
        status: 400,
        body: {
          error: 'invalid_user',
          message: 'teams[0]: unknown team',
          issues: [
            { field: 'username', message: 'is reserved' },
            { field: 'teams[0]', message: 'no such team' },
          ],
        },
      },
    });
    render(<UserCreateForm teams={['payments']} onCreated={vi.fn()} />);
    fillValid();
    create();

    const username = screen.getByLabelText('Username');
    await waitFor(() => expect(errorOf(username)).toBe('is reserved'));
    expect(username.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(username);
    const teams = screen.getByRole('group', { name: 'Teams' });
    expect(errorOf(teams)).toBe('"payments": no such team');
    expect(errorOf(screen.getByLabelText('Password'))).toBeUndefined();
    expect(screen.queryByRole('alert')).toBeNull(); // all of it went to fields
  });

  it('checks with the contract schema before sending', () => {
    const api = fakeApi();
    render(<UserCreateForm teams={[]} onCreated={vi.fn()} />);
    fireEvent.change(screen.getByLabelText('Username'), { target: { value: 'vera' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'short' } });
    create();

    const password = screen.getByLabelText('Password');
    expect(errorOf(password)).toBe('must be at least 12 characters');
    expect(document.activeElement).toBe(password);
    expect(api.calls).toHaveLength(0);
  });

  it('shows a refusal that names no field as the form error', async () => {
    fakeApi({
      'POST /api/v1/users': {
        status: 409,
        body: { error: 'user_exists', message: 'a user named "vera" exists' },
      },
    });
    render(<UserCreateForm teams={['payments']} onCreated={vi.fn()} />);
    fillValid();
    create();
    expect((await screen.findByRole('alert')).textContent).toBe('a user named "vera" exists');
  });
});
