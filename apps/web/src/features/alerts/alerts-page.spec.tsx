import type { AlertGroup, GroupActivity, Me, Page } from '@aerie/contracts';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeApi, ME_ADMIN, ME_VIEWER, type Call } from '../../test/fake-api';
import { alertGroup } from '../../test/events.fixture';
import { renderWithApp } from '../../test/render';
import { AlertsPage } from './alerts-page';
import { activity } from './activity.fixture';

const ANALYST: Me = { ...ME_ADMIN, id: 'u-ana', username: 'ana', role: 'analyst' };
const A = alertGroup();
const B = alertGroup({
  id: '0195a3c2-7f4e-7b1a-9c3d-0000000000b2',
  rule: 'Write below etc',
  namespace: 'web',
  workload: 'nginx',
  priority: 'Error',
  status: 'acknowledged',
  assignee: 'carol',
});
const C = alertGroup({ id: '0195a3c2-7f4e-7b1a-9c3d-0000000000d4', namespace: 'payments' });
const A_NAME = 'Terminal shell in container (prod/payments/api)';
const B_NAME = 'Write below etc (prod/web/nginx)';

function setup(
  me: Me = ANALYST,
  options: {
    hash?: string;
    list?: (call: Call) => Page<AlertGroup>;
    activity?: GroupActivity[];
  } = {},
) {
  window.location.hash = options.hash ?? '#/alerts';
  let current: Record<string, AlertGroup> = { [A.id]: A, [B.id]: B };
  const comments: GroupActivity[] = [...(options.activity ?? [])];
  const api = fakeApi({
    'GET /api/v1/groups': (call) => ({
      status: 200,
      body: options.list?.(call) ?? { items: Object.values(current), next_cursor: null },
    }),
    [`GET /api/v1/groups/${A.id}`]: () => ({ status: 200, body: current[A.id] }),
    [`GET /api/v1/groups/${A.id}/activity`]: () => ({
      status: 200,
      body: { items: comments, next_cursor: null },
    }),
    [`PATCH /api/v1/groups/${A.id}`]: (call) => {
      const patch = call.body as Partial<AlertGroup>;
      current = { ...current, [A.id]: { ...current[A.id]!, ...patch } };
      return { status: 200, body: current[A.id] };
    },
    [`POST /api/v1/groups/${A.id}/comments`]: (call) => {
      const { body } = call.body as { body: string };
      comments.push(activity({ id: String(comments.length + 1), actor: me.username, body }));
      return { status: 201, body: comments[comments.length - 1] };
    },
    'POST /api/v1/groups/bulk': { status: 200, body: { updated: 2 } },
    'GET /api/v1/assignees': { status: 200, body: { items: ['ana', 'admin'] } },
  });
  const view = renderWithApp(<AlertsPage me={me} />);
  return { api, ...view, user: userEvent.setup() };
}

const table = () => screen.findByRole('table', { name: 'Alert groups' });
async function rowOf(name: string): Promise<HTMLElement> {
  const button = await within(await table()).findByRole('button', { name: `Open ${name}` });
  return button.closest('tr')!;
}
const drawer = () => screen.findByRole('dialog', { name: 'Alert group' });
const hashQuery = () => new URLSearchParams(window.location.hash.split('?')[1] ?? '');

describe('AlertsPage', () => {
  it('lists the open groups by default, with their triage state', async () => {
    const { api } = setup();
    const row = await rowOf(A_NAME);
    expect(within(row).getByText('New')).toBeTruthy();
    expect(within(row).getByRole('cell', { name: '12' })).toBeTruthy();
    expect(within(row).getByRole('cell', { name: 'payments' })).toBeTruthy();
    const other = await rowOf(B_NAME);
    expect(within(other).getByText('Acknowledged')).toBeTruthy();
    expect(within(other).getByRole('cell', { name: 'carol' })).toBeTruthy();
    expect(api.callsTo('GET /api/v1/groups')[0]?.query.get('status')).toBe('new,acknowledged');
    expect(screen.getByRole('radio', { name: 'Open' })).toHaveProperty('checked', true);
  });

  it('keeps the status tab and filters in the URL, and asks the API with the same keys', async () => {
    const { api, user } = setup(ANALYST, { hash: '#/alerts?namespace=payments' });
    await table();
    await user.click(screen.getByRole('radio', { name: 'Resolved' }));
    expect(hashQuery().get('status')).toBe('resolved');
    expect(hashQuery().get('namespace')).toBe('payments');
    await waitFor(() => {
      const last = api.callsTo('GET /api/v1/groups').at(-1);
      expect(last?.query.toString()).toBe('namespace=payments&status=resolved&limit=100');
    });
    await user.click(screen.getByRole('button', { name: 'Remove filter namespace: payments' }));
    expect(hashQuery().toString()).toBe('status=resolved');

    const assigned = screen.getByRole('radiogroup', { name: 'Assigned to' });
    await user.click(within(assigned).getByRole('radio', { name: 'Me' }));
    expect(hashQuery().get('assignee')).toBe('ana');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Time range' }), 'Last 7 days');
    expect(hashQuery().get('since')).toBe('7d');
    await user.type(screen.getByRole('searchbox', { name: 'Search alert groups' }), 'bash');
    await waitFor(() => expect(hashQuery().get('q')).toBe('bash'));
    await waitFor(() =>
      expect(api.callsTo('GET /api/v1/groups').at(-1)?.query.toString()).toBe(
        'since=7d&q=bash&status=resolved&assignee=ana&limit=100',
      ),
    );
  });

  it('opens a group from the URL and from its row, and closes it', async () => {
    const { user } = setup(ANALYST, { hash: `#/alerts?group=${A.id}` });
    const dialog = await drawer();
    expect(await within(dialog).findByRole('heading', { name: A.rule })).toBeTruthy();
    const events = within(dialog).getByRole('link', { name: 'Show events' });
    expect(events.getAttribute('href')).toContain('#/events?rule=Terminal+shell+in+container');

    await user.click(within(dialog).getByRole('button', { name: 'Close alert group' }));
    await waitFor(() => expect(hashQuery().has('group')).toBe(false));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Alert group' })).toBeNull());

    await user.click(within(await rowOf(A_NAME)).getByRole('button', { name: `Open ${A_NAME}` }));
    expect(hashQuery().get('group')).toBe(A.id);
    expect(await drawer()).toBeTruthy();
  });

  it('changes the status with PATCH and shows it in the row at once', async () => {
    const { api, user } = setup(ANALYST, { hash: `#/alerts?group=${A.id}` });
    const dialog = await drawer();
    await user.click(await within(dialog).findByRole('button', { name: 'Acknowledge' }));
    await waitFor(() => expect(api.callsTo(`PATCH /api/v1/groups/${A.id}`)).toHaveLength(1));
    expect(api.callsTo(`PATCH /api/v1/groups/${A.id}`)[0]?.body).toEqual({
      status: 'acknowledged',
    });
    await waitFor(async () =>
      expect(within(await rowOf(A_NAME)).getByText('Acknowledged')).toBeTruthy(),
    );
    // The drawer now offers the next steps, and the list was not fetched again.
    expect(await within(dialog).findByRole('button', { name: 'Resolve' })).toBeTruthy();
    expect(within(dialog).queryByRole('button', { name: 'Acknowledge' })).toBeNull();
    expect(api.callsTo('GET /api/v1/groups')).toHaveLength(1);
  });

  it('assigns to the analyst, and shows the API refusing an unknown name', async () => {
    const { api, user } = setup(ANALYST, { hash: `#/alerts?group=${A.id}` });
    const dialog = await drawer();
    await user.click(await within(dialog).findByRole('button', { name: 'Assign to me' }));
    await waitFor(async () =>
      expect(within(await rowOf(A_NAME)).getByRole('cell', { name: 'ana' })).toBeTruthy(),
    );
    expect(api.callsTo(`PATCH /api/v1/groups/${A.id}`)[0]?.body).toEqual({ assignee: 'ana' });
    // Analysts get the names they may assign to as suggestions (not the admin-only user list).
    expect(api.callsTo('GET /api/v1/assignees')).toHaveLength(1);
    expect(api.callsTo('GET /api/v1/users')).toHaveLength(0);

    api.on(`PATCH /api/v1/groups/${A.id}`, {
      status: 400,
      body: {
        error: 'invalid_group',
        message: 'invalid request',
        issues: [{ field: 'assignee', message: 'no enabled user "zed"' }],
      },
    });
    await user.type(within(dialog).getByRole('combobox', { name: 'Assignee' }), 'zed');
    await user.click(within(dialog).getByRole('button', { name: 'Assign' }));
    expect((await within(dialog).findByRole('alert')).textContent).toContain(
      'no enabled user "zed"',
    );
  });

  it('updates a row when another analyst changes the group (live), without reloading', async () => {
    const { api, live, user } = setup();
    await rowOf(B_NAME);
    live.current().accept();
    live
      .current()
      .push({ type: 'group', group: { ...B, status: 'resolved', assignee: 'dave', count: 40 } });
    const row = await rowOf(B_NAME);
    await waitFor(() => expect(within(row).getByText('Resolved')).toBeTruthy());
    expect(within(row).getByRole('cell', { name: 'dave' })).toBeTruthy();
    expect(within(row).getByRole('cell', { name: '40' })).toBeTruthy();
    expect(api.callsTo('GET /api/v1/groups')).toHaveLength(1);

    // A group the list does not hold is offered, not forced in.
    const other = alertGroup({ id: '0195a3c2-7f4e-7b1a-9c3d-0000000000c3', rule: 'Reopened rule' });
    live.current().push({ type: 'group', group: other });
    await user.click(await screen.findByRole('button', { name: 'Show 1 new or changed group' }));
    await waitFor(() => expect(api.callsTo('GET /api/v1/groups')).toHaveLength(2));
  });

  it('changes the selected groups in bulk, after confirming the count', async () => {
    const { api, user } = setup();
    await user.click(
      within(await rowOf(A_NAME)).getByRole('checkbox', { name: `Select ${A_NAME}` }),
    );
    const bar = screen.getByRole('toolbar', { name: 'Bulk actions' });
    expect(within(bar).getByText('1 group selected')).toBeTruthy();
    await user.click(within(bar).getByRole('button', { name: 'Resolve' }));
    const confirm = await screen.findByRole('dialog', { name: 'Confirm bulk change' });
    expect(within(confirm).getByText('Resolve 1 group?')).toBeTruthy();
    await user.click(within(confirm).getByRole('button', { name: 'Confirm' }));
    await waitFor(() => expect(api.callsTo('POST /api/v1/groups/bulk')).toHaveLength(1));
    expect(api.callsTo('POST /api/v1/groups/bulk')[0]?.body).toEqual({
      ids: [A.id],
      status: 'resolved',
    });
    expect(await within(bar).findByRole('status')).toHaveProperty(
      'textContent',
      'Updated 2 groups.',
    );
    // The lists reload: which rows changed is the server's answer.
    await waitFor(() => expect(api.callsTo('GET /api/v1/groups')).toHaveLength(2));
  });

  it('changes every group matching the filter, counting those not loaded', async () => {
    const { api, user } = setup(ANALYST, {
      hash: '#/alerts?namespace=payments&assignee=none',
      // The page shows 2 of 3 matching groups; counting pages through them all.
      list: (call) =>
        call.query.get('limit') === '1000'
          ? { items: [A, B, C], next_cursor: null }
          : { items: [A, B], next_cursor: 'more' },
    });
    await rowOf(A_NAME);
    const bar = screen.getByRole('toolbar', { name: 'Bulk actions' });
    await user.click(within(bar).getByRole('button', { name: 'Select all matching the filter' }));
    expect(await within(bar).findByText('All 3 groups matching the filter selected')).toBeTruthy();
    expect(screen.getByRole('checkbox', { name: `Select ${B_NAME}` })).toHaveProperty(
      'checked',
      true,
    );
    await user.click(within(bar).getByRole('button', { name: 'Acknowledge' }));
    const confirm = await screen.findByRole('dialog', { name: 'Confirm bulk change' });
    expect(within(confirm).getByText('Acknowledge all 3 groups matching the filter?')).toBeTruthy();
    await user.click(within(confirm).getByRole('button', { name: 'Confirm' }));
    await waitFor(() => expect(api.callsTo('POST /api/v1/groups/bulk')).toHaveLength(1));
    expect(api.callsTo('POST /api/v1/groups/bulk')[0]?.body).toEqual({
      filter: { namespace: 'payments', status: 'new,acknowledged', assignee: 'none' },
      status: 'acknowledged',
    });
  });

  it('assigns in bulk', async () => {
    const { api, user } = setup();
    await user.click(await screen.findByRole('checkbox', { name: 'Select all loaded groups' }));
    const bar = screen.getByRole('toolbar', { name: 'Bulk actions' });
    await user.click(within(bar).getByRole('button', { name: 'Assign…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Assign groups' });
    expect(within(dialog).getByText('Assign 2 groups to:')).toBeTruthy();
    await user.click(within(dialog).getByRole('button', { name: 'Unassign' }));
    await waitFor(() => expect(api.callsTo('POST /api/v1/groups/bulk')).toHaveLength(1));
    expect(api.callsTo('POST /api/v1/groups/bulk')[0]?.body).toEqual({
      ids: [A.id, B.id],
      assignee: null,
    });
  });

  it('posts a comment and shows it in the history', async () => {
    const { api, user } = setup(ANALYST, {
      hash: `#/alerts?group=${A.id}`,
      activity: [
        activity({ id: '1', kind: 'status', body: null, from: 'new', to: 'acknowledged' }),
      ],
    });
    const dialog = await drawer();
    const history = await within(dialog).findByRole('list', { name: 'Activity' });
    expect(history.textContent).toContain('alice changed the status from New to Acknowledged');
    await user.type(within(dialog).getByRole('textbox', { name: 'Comment' }), 'Known cron job');
    await user.click(within(dialog).getByRole('button', { name: 'Add comment' }));
    expect(api.callsTo(`POST /api/v1/groups/${A.id}/comments`)[0]?.body).toEqual({
      body: 'Known cron job',
    });
    await waitFor(() => expect(within(history).getAllByRole('listitem')).toHaveLength(2));
    expect(within(history).getByText('Known cron job')).toBeTruthy();
    expect(within(dialog).getByRole('textbox', { name: 'Comment' })).toHaveProperty('value', '');
  });

  it('shows a viewer the queue and the history, and no action', async () => {
    const { api } = setup(ME_VIEWER, { hash: `#/alerts?group=${A.id}` });
    await rowOf(A_NAME);
    expect(screen.queryByRole('checkbox')).toBeNull();
    expect(screen.queryByRole('toolbar', { name: 'Bulk actions' })).toBeNull();
    const dialog = await drawer();
    await within(dialog).findByRole('heading', { name: A.rule });
    expect(within(dialog).queryByRole('button', { name: 'Acknowledge' })).toBeNull();
    expect(within(dialog).queryByRole('textbox', { name: 'Comment' })).toBeNull();
    expect(within(dialog).queryByRole('combobox', { name: 'Assignee' })).toBeNull();
    expect(api.callsTo('GET /api/v1/assignees')).toHaveLength(0);
  });

  it('walks the rows with j and k, opens with Enter', async () => {
    const { user } = setup();
    const first = await rowOf(A_NAME);
    await user.keyboard('j');
    expect(first.getAttribute('aria-current')).toBe('true');
    await user.keyboard('j');
    expect((await rowOf(B_NAME)).getAttribute('aria-current')).toBe('true');
    await user.keyboard('k');
    await user.keyboard('{Enter}');
    expect(hashQuery().get('group')).toBe(A.id);
    // With the drawer open, j moves it to the next group.
    await drawer();
    await user.keyboard('j');
    await waitFor(() => expect(hashQuery().get('group')).toBe(B.id));
  });
});
