import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ME_VIEWER } from '../../test/fake-api';
import { UserMenu } from './user-menu';

describe('UserMenu', () => {
  it('names who is signed in and, opened, shows their role and teams', () => {
    render(<UserMenu me={{ ...ME_VIEWER, teams: ['payments', 'checkout'] }} onSignOut={vi.fn()} />);
    const button = screen.getByRole('button', { name: 'Account: vera' });
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByRole('button', { name: 'Sign out' })).toBeNull(); // hidden while closed

    fireEvent.click(button);

    expect(button.getAttribute('aria-expanded')).toBe('true');
    const facts = [...document.querySelectorAll('dt')].map(
      (dt) => `${dt.textContent}: ${dt.nextElementSibling?.textContent}`,
    );
    expect(facts).toEqual(['Signed in as: vera', 'Role: viewer', 'Teams: payments, checkout']);
  });

  it('closes on Escape and gives focus back to its button', () => {
    render(<UserMenu me={ME_VIEWER} onSignOut={vi.fn()} />);
    const button = screen.getByRole('button', { name: 'Account: vera' });
    fireEvent.click(button);
    fireEvent.keyDown(document, { key: 'Escape' });
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(document.activeElement).toBe(button);
  });

  it('signs out, and says so when that fails', async () => {
    const onSignOut = vi.fn().mockRejectedValueOnce(new Error('server unreachable'));
    render(<UserMenu me={ME_VIEWER} onSignOut={onSignOut} />);
    fireEvent.click(screen.getByRole('button', { name: 'Account: vera' }));
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));

    expect((await screen.findByRole('alert')).textContent).toBe(
      'Could not sign out: server unreachable',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    await waitFor(() => expect(onSignOut).toHaveBeenCalledTimes(2));
  });
});
