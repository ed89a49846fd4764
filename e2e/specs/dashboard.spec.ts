import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { PRIORITIES, type Priority } from '@aerie/contracts';
import { signInAsAdmin } from '../support/auth.js';
import { eventRows, eventsTable } from '../support/events.js';
import { ALERTS, type FalcoAlert } from '../support/falco.js';
import { postAlert } from '../support/ingest.js';

type Counts = Record<Priority, number>;

interface StatsAnswer {
  total: number;
  by_priority: Array<{ value: string | null; count: number }>;
}

/**
 * Counts over the dashboard's window, straight from the API (the specs share one database);
 * `request` must carry a session (`page.request` after signing in).
 */
async function priorityCounts(
  request: APIRequestContext,
): Promise<{ total: number; counts: Counts }> {
  const res = await request.get('/api/v1/stats?since=24h');
  expect(res.status()).toBe(200);
  const stats = (await res.json()) as StatsAnswer;
  const counts = Object.fromEntries(PRIORITIES.map((p) => [p, 0])) as Counts;
  for (const { value, count } of stats.by_priority) {
    if (value !== null && value in counts) counts[value as keyof Counts] += count;
  }
  return { total: stats.total, counts };
}

/** The Overview's priority card and total say `counts` and `total`. */
async function expectCounts(page: Page, total: number, counts: Counts): Promise<void> {
  const list = page.getByRole('list', { name: 'Events by priority' });
  for (const p of PRIORITIES) {
    await expect(list.getByRole('listitem').filter({ hasText: p })).toHaveText(
      new RegExp(`^\\s*${p}\\s*${counts[p].toLocaleString('en-US')}\\s*$`),
    );
  }
  await expect(
    page.getByText(new RegExp(`^\\s*${total.toLocaleString('en-US')} events?\\s*$`)),
  ).toBeVisible();
}

test('the dashboard shows the events Falco posted, their columns, priorities and counts', async ({
  page,
  request,
}) => {
  const pageErrors: Error[] = [];
  page.on('pageerror', (err) => pageErrors.push(err));

  await signInAsAdmin(page);
  const before = await priorityCounts(page.request);
  const now = Date.now();
  const posted: Array<[FalcoAlert, number]> = [
    [ALERTS.shell, 40_000],
    [ALERTS.sensitiveRead, 30_000],
    [ALERTS.privilegedPod, 20_000],
    [ALERTS.c2, 10_000],
    [ALERTS.binaryDirWrite, 5_000],
  ];
  for (const [alert, ago] of posted) await postAlert(request, alert, new Date(now - ago));

  await page.goto('/');
  await expect(page).toHaveTitle('Aerie');
  await expect(page.getByRole('heading', { level: 1, name: 'Aerie' })).toBeVisible();
  await expect(page.getByRole('status', { name: 'Server health' })).toContainText('Server ready');
  await expect(page.getByRole('heading', { level: 2, name: 'Events' })).toBeVisible();

  const table = eventsTable(page);
  await expect(table.getByRole('columnheader')).toHaveText([
    'Time (UTC)',
    'Priority',
    'Rule',
    'Output',
    'Namespace',
    'Host / pod',
  ]);
  for (const [alert] of posted) {
    const row = eventRows(page, alert.rule).first();
    await expect(row).toBeVisible();
    await expect(row.getByRole('cell', { name: alert.priority, exact: true })).toBeVisible();
  }
  const shell = eventRows(page, ALERTS.shell.rule).first();
  await expect(shell.getByRole('cell', { name: 'payments', exact: true })).toBeVisible();
  await expect(shell.getByRole('cell', { name: 'api-7d9f8b6c5-x2k4q', exact: true })).toBeVisible();
  await expect(eventRows(page, ALERTS.c2.rule).first()).toContainText('evil.example.net');

  // More columns, chosen in the page, kept in the URL.
  await page.getByRole('button', { name: 'Columns' }).click();
  await page.getByRole('checkbox', { name: 'Source' }).check();
  await page.keyboard.press('Escape');
  await expect(table.getByRole('columnheader', { name: 'Source' })).toBeVisible();
  expect(new URL(page.url()).hash).toMatch(/cols=[^&]*source/);
  await expect(
    eventRows(page, ALERTS.privilegedPod.rule)
      .first()
      .getByRole('cell', { name: 'k8s_audit', exact: true }),
  ).toBeVisible();

  // The Overview counts them, by priority.
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Overview' })
    .click();
  const expected = { ...before.counts };
  for (const [alert] of posted) expected[alert.priority as keyof Counts] += 1;
  await expectCounts(page, before.total + posted.length, expected);

  await expect(page.getByRole('alert')).toHaveCount(0);
  expect(pageErrors).toEqual([]);
});
