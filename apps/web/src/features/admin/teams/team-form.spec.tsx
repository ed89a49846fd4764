import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { fakeApi } from '../../../test/fake-api';
import { TeamForm } from './team-form';

const TEAM = {
  id: '0195a3c2-7f4e-7b1a-9c3d-0000000000bb',
  name: 'payments',
  namespaces: ['*/payments'],
  cluster_wide: false,
  created_at: '2026-05-01T10:00:00Z',
};

describe('TeamForm', () => {
  it('sends one selector per non-blank line and the cluster-wide grant', async () => {
    const api = fakeApi({ 'POST /api/v1/teams': { status: 201, body: TEAM } });
    const onSaved = vi.fn();
    render(<TeamForm onSaved={onSaved} />);
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'payments' } });
    fireEvent.change(screen.getByLabelText('Namespaces'), {
      target: { value: ' */payments \n\nprod-*/payments-*\n' },
    });
    fireEvent.click(screen.getByRole('checkbox', { name: /Cluster-wide/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Create team' }));

    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(TEAM));
    expect(api.callsTo('POST /api/v1/teams')[0]?.body).toEqual({
      name: 'payments',
      namespaces: ['*/payments', 'prod-*/payments-*'],
      cluster_wide: true,
    });
  });

  it('names the wrong selector by what was typed, next to Namespaces', () => {
    const api = fakeApi();
    render(<TeamForm onSaved={vi.fn()} />);
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'payments' } });
    fireEvent.change(screen.getByLabelText('Namespaces'), {
      target: { value: '*/payments\n\npayments' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Create team' }));

    const field = screen.getByLabelText('Namespaces');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(
      document.getElementById(field.getAttribute('aria-describedby')?.split(' ')[0] ?? '')
        ?.textContent,
    ).toMatch(/^"payments": must be "<cluster glob>\/<namespace glob>"/);
    expect(api.calls).toHaveLength(0);
  });

  it('edits namespaces and the grant of an existing team, not its name', async () => {
    const api = fakeApi({
      'PATCH /api/v1/teams/0195a3c2-7f4e-7b1a-9c3d-0000000000bb': {
        status: 200,
        body: { ...TEAM, namespaces: ['*/payments', '*/billing'] },
      },
    });
    render(<TeamForm team={TEAM} onSaved={vi.fn()} />);
    expect(screen.queryByLabelText('Name')).toBeNull();
    fireEvent.change(screen.getByLabelText('Namespaces'), {
      target: { value: '*/payments\n*/billing' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save team' }));

    expect(await screen.findByText('Saved payments.')).toBeTruthy();
    expect(api.calls[0]?.body).toEqual({
      namespaces: ['*/payments', '*/billing'],
      cluster_wide: false,
    });
  });
});
