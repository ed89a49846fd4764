import type { Output } from '@aerie/contracts';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeApi, type Call } from '../../test/fake-api';
import { renderWithApp } from '../../test/render';
import { OUTPUT_TYPES } from './fixtures/output-types';
import { ALERTMANAGER, deliveryOf, outputOf, SLACK_SOC, TEAMS_OFF } from './fixtures/outputs';
import { OutputsPage } from './outputs-page';

const TEST_EVENT = '0195a3c2-7f4e-7b1a-9c3d-0000000000e1';

function server(outputs: Output[] = [SLACK_SOC, ALERTMANAGER, TEAMS_OFF]) {
  return fakeApi({
    'GET /api/v1/outputs': { status: 200, body: { items: outputs } },
    'GET /api/v1/output-types': { status: 200, body: { items: OUTPUT_TYPES } },
    'GET /api/v1/deliveries': (call: Call) => {
      const status = call.query.get('status');
      const items =
        status === 'dead'
          ? [deliveryOf('41'), deliveryOf('40')]
          : [
              deliveryOf('43', {
                status: 'pending',
                attempts: 3,
                last_status: 503,
                last_error: 'HTTP 503: upstream unavailable',
              }),
            ];
      return {
        status: 200,
        body: { items: items.filter(() => call.query.get('output') === 'slack-soc') },
      };
    },
  });
}

async function card(name: string): Promise<HTMLElement> {
  return screen.findByRole('region', { name });
}

describe('OutputsPage', () => {
  it("shows each output's health, last error, recent failures and dead deliveries", async () => {
    const api = server();
    renderWithApp(<OutputsPage />);

    const slack = await card('slack-soc');
    expect(within(slack).getByText('Failing')).toBeTruthy();
    expect(slack.textContent).toContain(
      'Last error (2026-05-01 10:05:00.000): HTTP 503: upstream unavailable',
    );
    const counts = within(slack).getByText('Pending').closest('dl')!;
    expect(counts.textContent).toContain('Pending2');
    expect(counts.textContent).toContain('Dead2');
    const failures = await within(slack).findByRole('table', {
      name: 'Recent failures of slack-soc',
    });
    expect(within(failures).getAllByRole('row')).toHaveLength(2);
    expect(failures.textContent).toContain('HTTP 503');
    const dead = await within(slack).findByRole('table', { name: 'Dead deliveries of slack-soc' });
    expect(within(dead).getAllByRole('button', { name: /^Replay delivery/ })).toHaveLength(2);
    expect(within(dead).getAllByRole('link')[0]?.getAttribute('href')).toBe(
      `#/events?id=${deliveryOf('41').event_id}`,
    );
    expect(api.callsTo('GET /api/v1/deliveries').map((c) => c.query.toString())).toEqual(
      expect.arrayContaining([
        'status=failed&output=slack-soc&limit=5',
        'status=dead&output=slack-soc&limit=10',
      ]),
    );

    // Outputs with nothing dead or failing ask for nothing more.
    const am = await card('alertmanager');
    expect(within(am).getByText('OK')).toBeTruthy();
    expect(
      api.callsTo('GET /api/v1/deliveries').every((c) => c.query.get('output') === 'slack-soc'),
    ).toBe(true);
    expect(within(await card('teams-off')).getByText('Disabled')).toBeTruthy();
  });

  it('shows outputs of the configuration file as read-only, except enabling', async () => {
    const api = server();
    api.on('PATCH /api/v1/outputs/alertmanager', { status: 200, body: {} });
    renderWithApp(<OutputsPage />);

    const am = await card('alertmanager');
    expect(am.textContent).toContain('Defined in the configuration file');
    expect(within(am).queryByRole('button', { name: 'Edit alertmanager' })).toBeNull();
    expect(within(am).queryByRole('button', { name: 'Delete alertmanager' })).toBeNull();
    expect(
      within(await card('slack-soc')).getByRole('button', { name: 'Edit slack-soc' }),
    ).toBeTruthy();

    const before = api.callsTo('GET /api/v1/outputs').length;
    fireEvent.click(within(am).getByRole('switch', { name: 'Enabled: alertmanager' }));
    await waitFor(() => expect(api.callsTo('PATCH /api/v1/outputs/alertmanager')).toHaveLength(1));
    expect(api.callsTo('PATCH /api/v1/outputs/alertmanager')[0]?.body).toEqual({ enabled: false });
    await waitFor(() => expect(api.callsTo('GET /api/v1/outputs').length).toBeGreaterThan(before));
  });

  it('replays one dead delivery, and all of an output', async () => {
    const api = server();
    api.on('POST /api/v1/deliveries/41/replay', { status: 200, body: { requeued: 1 } });
    api.on('POST /api/v1/deliveries/replay', { status: 200, body: { requeued: 2 } });
    renderWithApp(<OutputsPage />);
    const slack = await card('slack-soc');

    fireEvent.click(await within(slack).findByRole('button', { name: 'Replay delivery 41' }));
    expect(await within(slack).findByText('1 delivery queued again.')).toBeTruthy();
    expect(api.callsTo('POST /api/v1/deliveries/41/replay')).toHaveLength(1);

    fireEvent.click(within(slack).getByRole('button', { name: 'Replay all dead of slack-soc' }));
    expect(await within(slack).findByText('2 deliveries queued again.')).toBeTruthy();
    expect(api.callsTo('POST /api/v1/deliveries/replay')[0]?.body).toEqual({ output: 'slack-soc' });
  });

  it('keeps saying what "Replay all dead" did once nothing dead is left, until dismissed', async () => {
    const api = server();
    const revived = outputOf({ ...SLACK_SOC, health: { ...SLACK_SOC.health, dead: 0 } });
    api.on('POST /api/v1/deliveries/replay', () => {
      api.on('GET /api/v1/outputs', { status: 200, body: { items: [revived, ALERTMANAGER] } });
      return { status: 200, body: { requeued: 2 } };
    });
    renderWithApp(<OutputsPage />);
    const slack = await card('slack-soc');
    fireEvent.click(
      await within(slack).findByRole('button', { name: 'Replay all dead of slack-soc' }),
    );

    // The dead deliveries' block goes with the last of them; the result stays.
    await waitFor(() => expect(within(slack).queryByText(/^Dead deliveries/)).toBeNull());
    const result = within(slack).getByRole('status', { name: 'Replay result for slack-soc' });
    expect(result.textContent).toBe('2 deliveries queued again.');
    fireEvent.click(within(result).getByRole('button', { name: 'Dismiss the replay result' }));
    expect(within(slack).queryByRole('status', { name: 'Replay result for slack-soc' })).toBeNull();
  });

  it('says why a replay was refused', async () => {
    const api = server();
    api.on('POST /api/v1/deliveries/40/replay', {
      status: 409,
      body: { error: 'not_dead', message: 'delivery 40 does not exist or is not dead' },
    });
    renderWithApp(<OutputsPage />);
    const slack = await card('slack-soc');
    fireEvent.click(await within(slack).findByRole('button', { name: 'Replay delivery 40' }));
    expect(
      await within(slack).findByText('delivery 40 does not exist or is not dead'),
    ).toBeTruthy();
  });

  it('sends a test and follows its delivery live', async () => {
    const api = server();
    let delivered = false;
    api.on('POST /api/v1/outputs/slack-soc/test', {
      status: 202,
      body: { id: TEST_EVENT, seq: 9 },
    });
    api.on(`GET /api/v1/events/${TEST_EVENT}/deliveries`, () => ({
      status: 200,
      body: {
        items: [
          {
            ...deliveryOf('50', { event_id: TEST_EVENT, last_status: null, last_error: null }),
            status: delivered ? 'delivered' : 'pending',
            attempts: delivered ? 1 : 0,
            attempts_log: delivered
              ? [
                  {
                    at: '2026-05-01T10:00:00.1Z',
                    duration_ms: 42,
                    http_status: 200,
                    outcome: 'delivered',
                    error: null,
                  },
                ]
              : [],
          },
        ],
      },
    }));
    const { live } = renderWithApp(<OutputsPage />);
    act(() => live.current().accept());

    const slack = await card('slack-soc');
    expect(
      within(await card('teams-off')).getByRole<HTMLButtonElement>('button', {
        name: 'Send test to teams-off',
      }).disabled,
    ).toBe(true);
    fireEvent.click(within(slack).getByRole('button', { name: 'Send test to slack-soc' }));
    const result = await within(slack).findByRole('status', { name: 'Test result for slack-soc' });
    await waitFor(() =>
      expect(result.textContent).toContain('waiting for the delivery to slack-soc'),
    );

    delivered = true;
    act(() =>
      live.current().push({
        type: 'delivery',
        delivery: { id: '50', event_id: TEST_EVENT, output: 'slack-soc', status: 'delivered' },
      }),
    );
    await waitFor(() =>
      expect(
        within(slack).getByRole('status', { name: 'Test result for slack-soc' }).textContent,
      ).toContain('Test delivered to slack-soc (HTTP 200, 42 ms).'),
    );
    expect(api.callsTo('POST /api/v1/outputs/slack-soc/test')).toHaveLength(1);
  });

  it('refreshes health and deliveries on live delivery messages, at most once a second', async () => {
    const api = server();
    const { live } = renderWithApp(<OutputsPage />);
    act(() => live.current().accept());
    await within(await card('slack-soc')).findByRole('table', {
      name: 'Dead deliveries of slack-soc',
    });
    const outputsBefore = api.callsTo('GET /api/v1/outputs').length;
    const deadBefore = api
      .callsTo('GET /api/v1/deliveries')
      .filter((c) => c.query.get('status') === 'dead').length;

    act(() => {
      for (const status of ['pending', 'dead', 'dead'] as const) {
        live.current().push({
          type: 'delivery',
          delivery: { id: '60', event_id: TEST_EVENT, output: 'slack-soc', status },
        });
      }
    });
    await waitFor(() => expect(api.callsTo('GET /api/v1/outputs').length).toBe(outputsBefore + 1));
    await waitFor(() =>
      expect(
        api.callsTo('GET /api/v1/deliveries').filter((c) => c.query.get('status') === 'dead')
          .length,
      ).toBe(deadBefore + 1),
    );
  });

  it('creates an output in a dialog and lists it', async () => {
    const api = server([ALERTMANAGER]);
    api.on('POST /api/v1/outputs', () => {
      api.on('GET /api/v1/outputs', { status: 200, body: { items: [ALERTMANAGER, SLACK_SOC] } });
      return { status: 201, body: {} };
    });
    renderWithApp(<OutputsPage />);

    const create = await screen.findByRole<HTMLButtonElement>('button', { name: 'New output' });
    // Enabled once the output types (the forms' schemas) are loaded.
    await waitFor(() => expect(create.disabled).toBe(false));
    fireEvent.click(create);
    const dialog = await screen.findByRole('dialog', { name: 'New output' });
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Name' }), {
      target: { value: 'slack-soc' },
    });
    fireEvent.change(within(dialog).getByLabelText(/^Webhook URL/), {
      target: { value: 'https://hooks.slack.com/services/T/B/x' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create output' }));

    expect(await card('slack-soc')).toBeTruthy();
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(api.callsTo('POST /api/v1/outputs')[0]?.body).toMatchObject({
      type: 'slack',
      name: 'slack-soc',
      config: { webhookUrl: 'https://hooks.slack.com/services/T/B/x' },
    });
  });

  it('edits an output without showing its secrets', async () => {
    server();
    renderWithApp(<OutputsPage />);
    fireEvent.click(
      within(await card('slack-soc')).getByRole('button', { name: 'Edit slack-soc' }),
    );
    const dialog = await screen.findByRole('dialog', { name: 'Edit slack-soc' });
    expect(within(dialog).getByLabelText<HTMLInputElement>(/^Webhook URL/).value).toBe('');
    expect(dialog.innerHTML).not.toContain('****');
    expect(
      within(dialog).getByRole<HTMLSelectElement>('combobox', { name: 'Min priority' }).value,
    ).toBe('warning');
  });

  it('deletes an output after asking', async () => {
    const api = server();
    api.on('DELETE /api/v1/outputs/slack-soc', () => {
      api.on('GET /api/v1/outputs', { status: 200, body: { items: [ALERTMANAGER, TEAMS_OFF] } });
      return { status: 204 };
    });
    renderWithApp(<OutputsPage />);
    fireEvent.click(
      within(await card('slack-soc')).getByRole('button', { name: 'Delete slack-soc' }),
    );
    const ask = screen.getByRole('group', { name: 'Delete slack-soc?' });
    expect(document.activeElement).toBe(within(ask).getByRole('button', { name: 'Cancel' }));
    expect(api.callsTo('DELETE /api/v1/outputs/slack-soc')).toHaveLength(0);
    fireEvent.click(within(ask).getByRole('button', { name: 'Yes, delete' }));
    await waitFor(() => expect(screen.queryByRole('region', { name: 'slack-soc' })).toBeNull());
  });
});
