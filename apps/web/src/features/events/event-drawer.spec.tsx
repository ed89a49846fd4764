import type { EventDelivery } from '@aerie/contracts';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { alertGroup, GROUP_ID, uuid } from '../../test/events.fixture';
import { fakeApi } from '../../test/fake-api';
import { renderWithApp } from '../../test/render';
import { EventDrawer } from './event-drawer';
import { delivery, eventDetail } from './events.fixtures';

const ID = uuid(1);
const DEAD = delivery();
const DELIVERED = delivery({
  id: '42',
  output: 'loki',
  status: 'delivered',
  attempts: 1,
  last_status: 204,
  last_error: null,
});

function setup(options: { isAdmin?: boolean; deliveries?: EventDelivery[] } = {}) {
  let deliveries = options.deliveries ?? [DEAD, DELIVERED];
  const api = fakeApi({
    [`GET /api/v1/events/${ID}`]: { status: 200, body: eventDetail(1) },
    [`GET /api/v1/events/${ID}/deliveries`]: () => ({ status: 200, body: { items: deliveries } }),
    [`GET /api/v1/groups/${GROUP_ID}`]: { status: 200, body: alertGroup() },
    'POST /api/v1/deliveries/41/replay': () => {
      deliveries = deliveries.map((d) => (d.id === '41' ? { ...d, status: 'pending' } : d));
      return { status: 200, body: { requeued: 1 } };
    },
  });
  const onClose = vi.fn();
  const view = renderWithApp(
    <EventDrawer id={ID} isAdmin={options.isAdmin ?? true} onClose={onClose} />,
  );
  const setDeliveries = (next: EventDelivery[]) => {
    deliveries = next;
  };
  return { api, onClose, setDeliveries, ...view, user: userEvent.setup() };
}

const dialog = () => screen.findByRole('dialog', { name: 'Event details' });

describe('EventDrawer', () => {
  it('shows the output, every field (copyable), the tags and the raw JSON', async () => {
    const { user } = setup();
    const drawer = await dialog();

    expect(await within(drawer).findByText('A shell was spawned in a container (event 1)'));
    const fields = within(drawer).getByRole('table', { name: 'Output fields' });
    const rows = within(fields)
      .getAllByRole('row')
      .slice(1)
      .map((r) => [...r.querySelectorAll('td')].slice(0, 2).map((td) => td.textContent));
    expect(rows).toEqual([
      ['proc.name', 'bash'],
      ['k8s.ns.name', 'payments'],
      ['proc.pid', '4242'],
    ]);
    // user-event stands in for the clipboard.
    await user.click(within(fields).getByRole('button', { name: 'Copy proc.pid' }));
    expect(await navigator.clipboard.readText()).toBe('4242');

    const where = within(drawer).getByRole('table', { name: 'Where' });
    expect(within(where).getByRole('cell', { name: 'registry.example/api:1.2' })).toBeTruthy();
    expect(within(drawer).getByText('shell')).toBeTruthy();
    expect(within(drawer).getByText(/"uuid": "from-falco"/)).toBeTruthy();
  });

  it('lists the deliveries and lets an admin replay a dead one', async () => {
    const { api, user } = setup();
    const drawer = await dialog();
    const table = await within(drawer).findByRole('table', { name: 'Deliveries' });
    const dead = within(table).getByRole('row', { name: /slack-secops/ });
    expect(within(dead).getByText('dead')).toBeTruthy();
    expect(within(dead).getByRole('cell', { name: '8' })).toBeTruthy();
    expect(within(dead).getByText(/HTTP 500 from hooks.slack.com \(HTTP 500\)/)).toBeTruthy();
    const delivered = within(table).getByRole('row', { name: /loki/ });
    expect(
      (
        within(delivered).getByRole('button', {
          name: 'Replay delivery to loki',
        }) as HTMLButtonElement
      ).disabled,
    ).toBe(true);

    await user.click(within(dead).getByRole('button', { name: 'Replay delivery to slack-secops' }));
    expect(api.callsTo('POST /api/v1/deliveries/41/replay')).toHaveLength(1);
    await waitFor(() => expect(within(dead).getByText('pending')).toBeTruthy());
    expect(api.unexpected).toEqual([]);
  });

  it('follows live delivery and group changes', async () => {
    const { api, live, setDeliveries } = setup();
    const drawer = await dialog();
    const table = await within(drawer).findByRole('table', { name: 'Deliveries' });
    const group = await within(drawer).findByRole('table', { name: 'Alert group' });
    expect(within(group).getByRole('cell', { name: '12' })).toBeTruthy();
    expect(
      within(drawer).getByRole('link', { name: 'Open alert group' }).getAttribute('href'),
    ).toBe(`#/alerts?group=${GROUP_ID}`);

    const reads = api.callsTo(`GET /api/v1/events/${ID}/deliveries`).length;
    setDeliveries([{ ...DEAD, status: 'delivered', attempts: 9, last_error: null }, DELIVERED]);
    act(() => {
      live.current().accept();
      live.current().push({
        type: 'delivery',
        delivery: { id: '41', event_id: ID, output: 'slack-secops', status: 'delivered' },
      });
      live.current().push({
        type: 'delivery',
        delivery: { id: '99', event_id: uuid(2), output: 'loki', status: 'dead' }, // another event's
      });
      live.current().push({
        type: 'group',
        group: alertGroup({ count: 13, status: 'acknowledged', assignee: 'ana' }),
      });
    });
    const dead = within(table).getByRole('row', { name: /slack-secops/ });
    await waitFor(() => expect(within(dead).getByText('delivered')).toBeTruthy());
    // Attempts and error are read again for the changed delivery (not for another event's).
    await waitFor(() => expect(within(dead).getByRole('cell', { name: '9' })).toBeTruthy());
    expect(api.callsTo(`GET /api/v1/events/${ID}/deliveries`).length).toBe(reads + 1);
    await waitFor(() => expect(within(group).getByRole('cell', { name: '13' })).toBeTruthy());
    expect(within(group).getByText('acknowledged')).toBeTruthy();
  });

  it('offers no replay to a non-admin', async () => {
    setup({ isAdmin: false });
    const drawer = await dialog();
    const table = await within(drawer).findByRole('table', { name: 'Deliveries' });
    expect(within(table).queryByRole('button')).toBeNull();
  });

  it('closes with Esc', async () => {
    const { onClose, user } = setup();
    await dialog();
    await user.keyboard('{Escape}');
    expect(onClose).toHaveBeenCalled();
  });

  it('closes with its named button; the raw JSON scrolls by keyboard; no second banner', async () => {
    const { onClose, user } = setup();
    const drawer = await dialog();
    const raw = await within(drawer).findByRole('region', { name: 'Raw JSON of the event' });
    expect(raw.tabIndex).toBe(0);
    expect(raw.textContent).toContain('"uuid": "from-falco"');
    // A <header> in a dialog is a banner landmark, beside the page's own.
    expect(drawer.querySelector('header')).toBeNull();
    await user.click(within(drawer).getByRole('button', { name: 'Close event details' }));
    expect(onClose).toHaveBeenCalled();
  });
});
