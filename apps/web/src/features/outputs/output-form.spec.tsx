import type { Output } from '@aerie/contracts';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { fakeApi } from '../../test/fake-api';
import { renderWithApp } from '../../test/render';
import { OUTPUT_TYPES } from './fixtures/output-types';
import { outputOf } from './fixtures/outputs';
import { OutputForm } from './output-form';

const type = (el: HTMLElement, value: string): void => {
  fireEvent.change(el, { target: { value } });
};

function renderForm(existing?: Output) {
  const onDone = vi.fn();
  const result = renderWithApp(
    <OutputForm types={OUTPUT_TYPES} existing={existing} onDone={onDone} onCancel={() => {}} />,
  );
  const form = screen.getByRole('form', {
    name: existing ? `Edit ${existing.name}` : 'New output',
  });
  return { ...result, form, onDone };
}

/** The text describing a control (its help and error), as a screen reader reads it. */
const description = (el: HTMLElement): string =>
  (el.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ');

/** Each type's settings as its form shows them: label → role (value when it has a default). */
const SETTINGS: Record<string, Array<[string, string, string?]>> = {
  slack: [
    ['Webhook URL', 'password'],
    ['Headers', 'textbox'],
    ['Channel', 'textbox'],
    ['Output format', 'combobox', 'all'],
    ['Message format', 'textbox'],
  ],
  teams: [
    ['Webhook URL', 'password'],
    ['Headers', 'textbox'],
    ['Mode', 'combobox', 'workflows'],
    ['Output format', 'combobox', 'all'],
    ['Activity image', 'textbox'],
  ],
  pagerduty: [
    ['Routing key', 'password'],
    ['Region', 'combobox', 'us'],
    ['Endpoint', 'textbox'],
    ['Source', 'textbox', 'aerie'],
    ['Headers', 'textbox'],
  ],
  alertmanager: [
    ['Hosts', 'textbox'],
    ['Endpoint', 'textbox', '/api/v2/alerts'],
    ['Expires after seconds', 'spinbutton', '3600'],
    ['Extra labels', 'textbox'],
    ['Headers', 'textbox'],
  ],
  webhook: [
    ['URL', 'textbox'],
    ['Method', 'combobox', 'POST'],
    ['Payload', 'combobox', 'event'],
    ['Headers', 'textbox'],
    ['Secret', 'password'],
  ],
};

describe('OutputForm (generated from the JSON Schema of each output type)', () => {
  it('renders every setting of each type, with defaults, help, and secrets as passwords', () => {
    fakeApi();
    const { form } = renderForm();
    for (const info of OUTPUT_TYPES) {
      type(within(form).getByRole('combobox', { name: 'Type' }), info.type);
      const settings = within(form).getByRole('group', { name: `${info.title} settings` });
      const labels = [...settings.querySelectorAll('label')].map((l) =>
        l.textContent?.replace(/ \*$/, ''),
      );
      expect(labels, info.type).toEqual(SETTINGS[info.type]!.map(([label]) => label));
      for (const [label, role, value] of SETTINGS[info.type]!) {
        const control =
          role === 'password'
            ? within(settings).getByLabelText<HTMLInputElement>(new RegExp(`^${label}`))
            : within(settings).getByRole<HTMLInputElement>(role, { name: label });
        if (role === 'password') expect(control.type, label).toBe('password');
        expect(control.value, `${info.type}.${label}`).toBe(value ?? '');
      }
    }
    // The parts every type shares.
    expect(within(form).getByRole('textbox', { name: 'Name' })).toBeTruthy();
    expect(within(form).getByRole<HTMLInputElement>('switch', { name: 'Enabled' }).checked).toBe(
      true,
    );
    const route = within(form).getByRole('group', { name: 'Route' });
    expect(within(route).getByRole('combobox', { name: 'Min priority' })).toBeTruthy();
    const boundaries = within(route).getByRole('group', { name: 'Boundaries' });
    expect(
      within(boundaries)
        .getAllByRole('checkbox')
        .map((c) => c.getAttribute('aria-label') ?? c.closest('div')?.textContent),
    ).toHaveLength(4);
    const rules = within(route).getByRole('textbox', { name: 'Rules' });
    expect(description(rules)).toContain('Any of these rules');
    expect(description(rules)).toContain('One per line.');
    expect(within(route).getByRole('textbox', { name: 'Tags' })).toBeTruthy();
    const delivery = within(form).getByRole('group', { name: 'Delivery' });
    expect(
      within(delivery).getByRole<HTMLInputElement>('spinbutton', { name: 'Timeout (ms)' }).value,
    ).toBe('10000');
    expect(within(delivery).getByRole('group', { name: 'TLS' })).toBeTruthy();
  }, 30_000);

  it('sends the definition the boxes describe', async () => {
    const api = fakeApi({ 'POST /api/v1/outputs': { status: 201, body: {} } });
    const { form, onDone } = renderForm();
    type(within(form).getByRole('textbox', { name: 'Name' }), 'slack-soc');
    const settings = within(form).getByRole('group', { name: 'Slack settings' });
    type(within(settings).getByLabelText(/^Webhook URL/), 'https://hooks.slack.com/services/T/B/x');
    type(within(settings).getByRole('textbox', { name: 'Headers' }), 'X-Proxy-Token: abc');
    const route = within(form).getByRole('group', { name: 'Route' });
    type(within(route).getByRole('combobox', { name: 'Min priority' }), 'warning');
    fireEvent.click(within(route).getByRole('checkbox', { name: 'network' }));
    type(within(route).getByRole('textbox', { name: 'Rules' }), 'Terminal shell*\n/^K8s/i');
    type(within(form).getByRole('spinbutton', { name: 'Rate per second' }), '1');
    fireEvent.click(within(form).getByRole('button', { name: 'Create output' }));

    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(api.callsTo('POST /api/v1/outputs')[0]?.body).toEqual({
      type: 'slack',
      name: 'slack-soc',
      enabled: true,
      config: {
        webhookUrl: 'https://hooks.slack.com/services/T/B/x',
        headers: { 'X-Proxy-Token': 'abc' },
        outputFormat: 'all',
      },
      route: {
        min_priority: 'warning',
        boundaries: ['network'],
        rules: ['Terminal shell*', '/^K8s/i'],
      },
      delivery: { timeoutMs: 10000, ratePerSecond: 1, tls: { insecureSkipVerify: false } },
    });
  });

  it('says what is missing before sending', async () => {
    const api = fakeApi();
    const { form } = renderForm();
    type(within(form).getByRole('combobox', { name: 'Type' }), 'alertmanager');
    type(within(form).getByRole('spinbutton', { name: 'Expires after seconds' }), '1.5');
    fireEvent.click(within(form).getByRole('button', { name: 'Create output' }));

    const hosts = within(form).getByRole('textbox', { name: 'Hosts' });
    await waitFor(() => expect(hosts.getAttribute('aria-invalid')).toBe('true'));
    expect(description(hosts)).toContain('is required');
    const expires = within(form).getByRole('spinbutton', { name: 'Expires after seconds' });
    expect(description(expires)).toContain('must be a whole number');
    expect(document.activeElement).toBe(within(form).getByRole('textbox', { name: 'Name' }));
    expect(api.calls).toHaveLength(0);
  });

  it("puts the API's 400 issues on the fields they name", async () => {
    fakeApi({
      'POST /api/v1/outputs': {
        status: 400,
        body: {
          error: 'invalid_output',
          message: 'config.webhookUrl: must be an http(s) URL',
          issues: [
            { field: 'config.webhookUrl', message: 'must be an http(s) URL' },
            { field: 'route.rules[1]', message: 'invalid regular expression' },
            { field: 'delivery.tls.caFile', message: 'no such file' },
            { field: 'name', message: 'must be 1–63 lower-case letters' },
            { field: 'owner', message: 'Unrecognized key' },
          ],
        },
      },
    });
    const { form } = renderForm();
    type(within(form).getByRole('textbox', { name: 'Name' }), 'Slack SOC');
    type(within(form).getByLabelText(/^Webhook URL/), 'ftp://x');
    type(within(form).getByRole('textbox', { name: 'Rules' }), 'ok\n/(/');
    fireEvent.click(within(form).getByRole('button', { name: 'Create output' }));

    await waitFor(() =>
      expect(
        within(form)
          .getByLabelText(/^Webhook URL/)
          .getAttribute('aria-invalid'),
      ).toBe('true'),
    );
    const url = within(form).getByLabelText(/^Webhook URL/);
    expect(description(url)).toContain('must be an http(s) URL');
    expect(description(within(form).getByRole('textbox', { name: 'Rules' }))).toContain(
      'line 2: invalid regular expression',
    );
    expect(description(within(form).getByRole('textbox', { name: 'CA file' }))).toContain(
      'no such file',
    );
    const name = within(form).getByRole('textbox', { name: 'Name' });
    expect(description(name)).toContain('must be 1–63 lower-case letters');
    expect(document.activeElement).toBe(name);
    expect(within(form).getByRole('alert').textContent).toContain('owner: Unrecognized key');
  });

  it('never shows a stored secret; left empty it is sent back masked, which keeps it', async () => {
    const existing = outputOf({
      name: 'slack-soc',
      config: {
        webhookUrl: '********',
        headers: '********',
        channel: '#soc',
        outputFormat: 'text',
      },
      route: { min_priority: 'critical' },
      delivery: { timeoutMs: 5000, ratePerSecond: 1, tls: { insecureSkipVerify: false } },
    });
    const api = fakeApi({ 'PATCH /api/v1/outputs/slack-soc': { status: 200, body: {} } });
    const { form, onDone } = renderForm(existing);

    const url = within(form).getByLabelText<HTMLInputElement>(/^Webhook URL/);
    expect(url.value).toBe('');
    expect(description(url)).toContain('Leave empty to keep it');
    expect(within(form).getByRole<HTMLInputElement>('textbox', { name: 'Headers' }).value).toBe('');
    expect(within(form).getByRole<HTMLInputElement>('textbox', { name: 'Channel' }).value).toBe(
      '#soc',
    );
    expect(within(form).queryByRole('textbox', { name: 'Name' })).toBeNull();
    expect(form.innerHTML).not.toContain('****');

    type(within(form).getByRole('textbox', { name: 'Channel' }), '#soc-eu');
    fireEvent.click(within(form).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(api.callsTo('PATCH /api/v1/outputs/slack-soc')[0]?.body).toEqual({
      enabled: true,
      config: {
        webhookUrl: '********',
        headers: '********',
        channel: '#soc-eu',
        outputFormat: 'text',
      },
      route: { min_priority: 'critical' },
      delivery: { timeoutMs: 5000, ratePerSecond: 1, tls: { insecureSkipVerify: false } },
    });
  });
});
