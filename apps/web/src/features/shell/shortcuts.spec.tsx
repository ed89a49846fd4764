import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithApp } from '../../test/render';
import { Shortcuts } from './shortcuts';

describe('Shortcuts', () => {
  it('shows the keys on "?" in a dialog with a named close button and no banner of its own', async () => {
    renderWithApp(<Shortcuts />);
    fireEvent.keyDown(document.documentElement, { key: '?', shiftKey: true });
    const dialog = await screen.findByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(within(dialog).getByRole('cell', { name: 'Next / previous row' })).toBeTruthy();
    // A <header> in a dialog is a banner landmark, beside the page's own.
    expect(dialog.querySelector('header')).toBeNull();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });
});
