import type { AuditEntry } from '@aerie/contracts';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeApi, type Call } from '../../../test/fake-api';
import { renderWithApp } from '../../../test/render';
import { AdminPage } from '../admin-page';
import { AuditPage } from './audit-page';

function entry(seq: number, over: Partial<AuditEntry> = {}): AuditEntry {
  return {
    seq,
    at: `2026-05-01T10:${String(seq % 60).padStart(2, '0')}:00.000Z`,
    actor: 'user:admin',
    action: 'token.update',
    target: `token-${seq}`,
    source_ip: '10.0.0.7',
    before: { name: 'siem', scopes: ['siem:read'] },
    after: { name: 'siem-eu', scopes: ['siem:read'] },
    hash: 'ab'.repeat(32),
    ...over,
  };
}

/** 60 entries, newest first, served as the API pages them (`limit`, `before`, exact filters). */
function server(all: AuditEntry[] = Array.from({ length: 60 }, (_, i) => entry(120 - i))) {
  return fakeApi({
    'GET /api/v1/audit': (call: Call) => {
      const limit = Number(call.query.get('limit'));
      const before = call.query.get('before');
      const actor = call.query.get('actor');
      const action = call.query.get('action');
      const items = all
        .filter((e) => (before === null || e.seq < Number(before)) && (!actor || e.actor === actor))
        .filter((e) => !action || e.action === action)
        .slice(0, limit);
      return { status: 200, body: { items } };
    },
  });
}

const rows = (table: HTMLElement): HTMLElement[] =>
  within(table)
    .getAllByRole('row')
    .filter((r) => r.hasAttribute('data-seq'));

describe('AuditPage', () => {
  it('lists entries newest first and pages with "Load more"', async () => {
    const api = server();
    window.location.hash = '#/admin/audit';
    renderWithApp(<AuditPage />);

    const table = await screen.findByRole('table', { name: 'Audit log' });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['Time', 'Actor', 'Action', 'Target', 'Source IP', 'Details']);
    await waitFor(() => expect(rows(table)).toHaveLength(50));
    expect(rows(table)[0]?.textContent).toContain('token-120');
    expect(rows(table)[0]?.textContent).toContain('10.0.0.7');

    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() =>
      expect(rows(screen.getByRole('table', { name: 'Audit log' }))).toHaveLength(60),
    );
    expect(api.callsTo('GET /api/v1/audit').map((c) => c.query.toString())).toEqual([
      'limit=50',
      'limit=50&before=71',
    ]);
    // The second page was short: there is no more.
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
  });

  it('filters by actor and action through the URL, with the API keys', async () => {
    const api = server([
      entry(3, { actor: 'user:alice', action: 'output.update' }),
      entry(2, { actor: 'user:bob', action: 'output.update' }),
      entry(1, { actor: 'user:alice', action: 'auth.login' }),
    ]);
    window.location.hash = '#/admin/audit?actor=user%3Aalice';
    renderWithApp(<AuditPage />);

    const table = await screen.findByRole('table', { name: 'Audit log' });
    await waitFor(() => expect(rows(table)).toHaveLength(2));
    const filters = screen.getByRole('search', { name: 'Audit filters' });
    expect(within(filters).getByRole<HTMLInputElement>('textbox', { name: 'Actor' }).value).toBe(
      'user:alice',
    );

    fireEvent.change(within(filters).getByLabelText('Action'), {
      target: { value: 'output.update' },
    });
    fireEvent.click(within(filters).getByRole('button', { name: 'Filter' }));
    await waitFor(() =>
      expect(window.location.hash).toBe('#/admin/audit?actor=user%3Aalice&action=output.update'),
    );
    await waitFor(() =>
      expect(rows(screen.getByRole('table', { name: 'Audit log' }))).toHaveLength(1),
    );
    expect(api.callsTo('GET /api/v1/audit').at(-1)?.query.toString()).toBe(
      'limit=50&actor=user%3Aalice&action=output.update',
    );

    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(window.location.hash).toBe('#/admin/audit'));
    await waitFor(() =>
      expect(rows(screen.getByRole('table', { name: 'Audit log' }))).toHaveLength(3),
    );
  });

  it("opens an entry's details by button or by keyboard (j/k, Enter, Esc)", async () => {
    server([entry(2), entry(1, { action: 'token.create', before: null, after: { name: 'x' } })]);
    window.location.hash = '#/admin/audit';
    renderWithApp(<AuditPage />);
    const table = await screen.findByRole('table', { name: 'Audit log' });

    const details = await within(table).findByRole('button', { name: 'Details of entry 2' });
    expect(details.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(details);
    expect(details.getAttribute('aria-expanded')).toBe('true');
    const panel = document.getElementById(details.getAttribute('aria-controls')!)!;
    expect(panel.textContent).toContain('changed: name');
    expect(panel.textContent).toContain('"siem-eu"');
    expect(panel.textContent).toContain(`Hash ${'ab'.repeat(32)}`);

    fireEvent.keyDown(document.body, { key: 'j' });
    fireEvent.keyDown(document.body, { key: 'j' });
    expect(document.activeElement).toBe(rows(table)[1]);
    fireEvent.keyDown(document.activeElement!, { key: 'Enter' });
    const second = within(table).getByRole('button', { name: 'Details of entry 1' });
    expect(second.getAttribute('aria-expanded')).toBe('true');
    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    expect(second.getAttribute('aria-expanded')).toBe('false');
    fireEvent.keyDown(document.activeElement!, { key: 'k' });
    expect(document.activeElement).toBe(rows(table)[0]);
  });

  it('verifies the hash chain on demand and says where it breaks', async () => {
    const api = server([entry(1)]);
    api.on('GET /api/v1/audit/verify', {
      status: 200,
      body: { ok: true, entries: 1234, head: 'f'.repeat(64) },
    });
    window.location.hash = '#/admin/audit';
    renderWithApp(<AuditPage />);
    await screen.findByRole('table', { name: 'Audit log' });
    expect(api.callsTo('GET /api/v1/audit/verify')).toHaveLength(0);

    fireEvent.click(screen.getByRole('button', { name: 'Verify chain' }));
    const ok = await screen.findByRole('status', { name: 'Chain check' });
    expect(ok.textContent).toContain('Chain intact: 1,234 entries, head ffffffffffffffff…');

    api.on('GET /api/v1/audit/verify', {
      status: 200,
      body: {
        ok: false,
        entries: 56,
        brokenAt: 57,
        reason: 'its content does not match its hash (edited)',
      },
    });
    act(() => fireEvent.click(screen.getByRole('button', { name: 'Verify chain' })));
    const broken = await screen.findByRole('alert', { name: 'Chain check' });
    expect(broken.textContent).toContain(
      'Chain broken at entry 57: its content does not match its hash (edited)',
    );
  });

  it('is a section of the admin sub-navigation', async () => {
    server([entry(1)]);
    window.location.hash = '#/admin/audit';
    renderWithApp(<AdminPage section="audit" />);
    const nav = screen.getByRole('navigation', { name: 'Administration' });
    expect(within(nav).getByRole('link', { name: 'Audit log' }).getAttribute('aria-current')).toBe(
      'page',
    );
    expect(await screen.findByRole('table', { name: 'Audit log' })).toBeTruthy();
  });
});
