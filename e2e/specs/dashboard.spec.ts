import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { PRIORITIES, type Priority } from '@aerie/contracts';
import { signInAsAdmin } from '../support/auth.js';
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

function eventRow(page: Page, rule: string) {
  return page
    .getByRole('table', { name: 'Latest events' })
    .getByRole('row')
    .filter({ has: page.getByRole('cell', { name: rule, exact: true }) })
    .first();
}

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

test('the dashboard shows the events Falco posted, their priorities and counts', async ({
  page,
  request,
}) => {
  const pageErrors: Error[] = [];
  page.on('pageerror', (err) => pageErrors.push(err));

  await signInAsAdmin(page);
  const before = await priorityCounts(page.request);
  const now = Date.now();
  const first: Array<[FalcoAlert, number]> = [
    [ALERTS.shell, 40_000],
    [ALERTS.sensitiveRead, 30_000],
    [ALERTS.privilegedPod, 20_000],
    [ALERTS.c2, 10_000],
  ];
  for (const [alert, ago] of first) await postAlert(request, alert, new Date(now - ago));

  await page.goto('/');
  await expect(page).toHaveTitle('Aerie');
  await expect(page.getByRole('heading', { level: 1, name: 'Aerie' })).toBeVisible();
  await expect(page.getByRole('status', { name: 'Server health' })).toContainText('Server ready');

  const table = page.getByRole('table', { name: 'Latest events' });
  await expect(table.getByRole('columnheader')).toHaveText([
    'Time (UTC)',
    'Priority',
    'Rule',
    'Source',
    'Host',
    'Namespace',
    'Boundary',
    'Output',
  ]);
  for (const [alert] of first) {
    const row = eventRow(page, alert.rule);
    await expect(row).toBeVisible();
    await expect(row.getByRole('cell', { name: alert.priority, exact: true })).toBeVisible();
    await expect(row.getByRole('cell', { name: alert.source, exact: true })).toBeVisible();
    await expect(row.getByRole('cell', { name: alert.hostname, exact: true })).toBeVisible();
  }
  await expect(
    eventRow(page, ALERTS.shell.rule).getByRole('cell', { name: 'payments', exact: true }),
  ).toBeVisible();
  await expect(eventRow(page, ALERTS.c2.rule)).toContainText('evil.example.net');

  const expected = { ...before.counts };
  for (const [alert] of first) expected[alert.priority as keyof Counts] += 1;
  await expectCounts(page, before.total + first.length, expected);

  // The page refreshes on its own: a new alert shows up without a reload.
  await postAlert(request, ALERTS.binaryDirWrite, new Date());
  await expect(eventRow(page, ALERTS.binaryDirWrite.rule)).toBeVisible({ timeout: 15_000 });
  await expect(
    eventRow(page, ALERTS.binaryDirWrite.rule).getByRole('cell', { name: 'Error', exact: true }),
  ).toBeVisible();
  expected.Error += 1;
  await expectCounts(page, before.total + first.length + 1, expected);

  await expect(page.getByRole('alert')).toHaveCount(0);
  expect(pageErrors).toEqual([]);
});
