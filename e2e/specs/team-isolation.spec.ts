import { expect, test, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { csrfToken, signIn, signInAsAdmin, signOut, strongPassword } from '../support/auth.js';
import { ALERTS } from '../support/falco.js';
import { inNamespace, postAlert } from '../support/ingest.js';

const adminNav = (page: Page) => page.getByRole('navigation', { name: 'Administration' });

test('a viewer in team payments sees only payments events and no administration', async ({
  page,
  request,
}) => {
  const run = randomBytes(3).toString('hex');
  const paymentsRule = `E2E payments probe ${run}`;
  const billingRule = `E2E billing probe ${run}`;
  await postAlert(request, inNamespace(ALERTS.shell, paymentsRule, 'payments'), new Date());
  await postAlert(request, inNamespace(ALERTS.c2, billingRule, 'billing'), new Date());

  // The admin makes the team and the viewer through the pages.
  await signInAsAdmin(page);
  const table = page.getByRole('table', { name: 'Latest events' });
  await expect(table.getByRole('cell', { name: billingRule, exact: true })).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();

  await adminNav(page).getByRole('link', { name: 'Teams' }).click();
  const newTeam = page.getByRole('form', { name: 'New team' });
  await newTeam.getByLabel('Name', { exact: true }).fill('payments');
  await newTeam.getByLabel('Namespaces').fill('*/payments');
  await newTeam.getByRole('button', { name: 'Create team' }).click();
  await expect(newTeam.getByRole('status')).toHaveText('Created payments.');
  const teams = page.getByRole('table', { name: 'Teams' });
  await expect(teams.getByRole('row', { name: /payments/ })).toContainText('*/payments');

  await adminNav(page).getByRole('link', { name: 'Users' }).click();
  const username = `viewer-${run}`;
  const password = strongPassword();
  const newUser = page.getByRole('form', { name: 'New user' });
  await newUser.getByLabel('Username').fill(username);
  await newUser.getByLabel('Password').fill(password);
  await newUser.getByLabel('Role').selectOption('viewer');
  await newUser.getByRole('checkbox', { name: 'payments' }).check();
  await newUser.getByRole('button', { name: 'Create user' }).click();
  await expect(newUser.getByRole('status')).toHaveText(`Created ${username} (viewer).`);
  await expect(
    page.getByRole('table', { name: 'Users' }).getByRole('row', { name: new RegExp(username) }),
  ).toContainText('payments');

  await signOut(page);
  await signIn(page, username, password);

  // Their own events, and nothing of billing.
  await expect(table.getByRole('cell', { name: paymentsRule, exact: true })).toBeVisible();
  await expect(table.getByRole('cell', { name: billingRule, exact: true })).toHaveCount(0);
  const namespaces = await table
    .getByRole('row')
    .evaluateAll((rows) => rows.slice(1).map((r) => r.querySelectorAll('td')[5]?.textContent));
  expect(new Set(namespaces)).toEqual(new Set(['payments']));
  const events = (await (await page.request.get('/api/v1/events?limit=1000')).json()) as {
    items: Array<{ namespace: string | null }>;
  };
  expect(events.items.length).toBeGreaterThan(0);
  expect(events.items.filter((e) => e.namespace !== 'payments')).toEqual([]);

  // Who they are, and no way into administration: not in the menu, not through the API.
  await page.getByRole('button', { name: `Account: ${username}` }).click();
  await expect(page.getByText('viewer', { exact: true })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(
    page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }),
  ).toHaveCount(0);
  for (const path of ['/api/v1/users', '/api/v1/teams', '/api/v1/tokens']) {
    expect((await page.request.get(path)).status(), path).toBe(403);
  }
  const csrf = await csrfToken(page);
  const promote = await page.request.post('/api/v1/users', {
    headers: { 'x-csrf-token': csrf },
    data: { username: `sneaky-${run}`, password: strongPassword(), role: 'admin', teams: [] },
  });
  expect(promote.status()).toBe(403);
});
