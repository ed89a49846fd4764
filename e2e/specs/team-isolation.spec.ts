import { expect, test, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { screenshot } from '../support/artifacts.js';
import { csrfToken, signIn, signInAsAdmin, signOut, strongPassword } from '../support/auth.js';
import { eventRows, eventsTable } from '../support/events.js';
import { ALERTS } from '../support/falco.js';
import { inNamespace, postAlert } from '../support/ingest.js';
import { recordedRules, recordLiveEvents } from '../support/live.js';

const adminNav = (page: Page) => page.getByRole('navigation', { name: 'Administration' });

test('a viewer in team payments sees only payments events — table, charts, live stream — and no administration', async ({
  page,
  request,
}, testInfo) => {
  const run = randomBytes(3).toString('hex');
  const paymentsRule = `E2E payments probe ${run}`;
  const billingRule = `E2E billing probe ${run}`;
  await postAlert(request, inNamespace(ALERTS.shell, paymentsRule, 'payments'), new Date());
  await postAlert(request, inNamespace(ALERTS.c2, billingRule, 'billing'), new Date());

  // The admin makes the team and the viewer through the pages.
  await signInAsAdmin(page);
  await expect(eventRows(page, billingRule)).toHaveCount(1);
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

  // The table: their own events, and nothing of billing.
  await expect(eventRows(page, paymentsRule)).toHaveCount(1);
  await expect(eventRows(page, billingRule)).toHaveCount(0);
  const namespaceColumn = await eventsTable(page)
    .getByRole('columnheader')
    .evaluateAll((ths) => ths.findIndex((th) => th.textContent === 'Namespace'));
  expect(namespaceColumn).toBeGreaterThanOrEqual(0);
  const namespaces = await eventsTable(page)
    .getByRole('row')
    .evaluateAll(
      (rows, column) => rows.slice(1).map((r) => r.querySelectorAll('td')[column]?.textContent),
      namespaceColumn,
    );
  expect(namespaces.length).toBeGreaterThan(0);
  expect(new Set(namespaces)).toEqual(new Set(['payments']));
  const facets = page.getByRole('complementary', { name: 'Facets' });
  await expect(facets.getByRole('list', { name: 'Namespace', exact: true })).toHaveText(
    /^payments\s*[\d,]+$/,
  );

  // The live stream: what the server pushes to this session, and what the table shows.
  await recordLiveEvents(page);
  const billingLive = `E2E billing live ${run}`;
  const paymentsLive = `E2E payments live ${run}`;
  await postAlert(request, inNamespace(ALERTS.c2, billingLive, 'billing'), new Date());
  await postAlert(request, inNamespace(ALERTS.shell, paymentsLive, 'payments'), new Date());
  await expect(eventRows(page, paymentsLive)).toHaveCount(1);
  // Messages keep their order: the billing event, posted first, would have come first.
  await expect.poll(() => recordedRules(page)).toContain(paymentsLive);
  expect(await recordedRules(page)).not.toContain(billingLive);
  await expect(eventRows(page, billingLive)).toHaveCount(0);
  await screenshot(page, testInfo, 'events-as-viewer');

  // The charts: counted over their namespaces only, as the API counts them for them.
  const stats = (await (await page.request.get('/api/v1/stats?since=24h')).json()) as {
    total: number;
    by_namespace: Array<{ value: string | null; count: number }>;
  };
  expect(stats.by_namespace.map((n) => n.value)).toEqual(['payments']);
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Overview' })
    .click();
  await expect(
    page.getByRole('list', { name: 'Events by namespace' }).getByRole('listitem'),
  ).toHaveText([new RegExp(`^payments\\s*${stats.total.toLocaleString('en-US')}$`)]);
  await expect(page.getByRole('list', { name: 'Events by rule' })).not.toContainText('billing');
  await expect(
    page.getByText(new RegExp(`^\\s*${stats.total.toLocaleString('en-US')} events?\\s*$`)),
  ).toBeVisible();
  await screenshot(page, testInfo, 'overview-as-viewer');

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
