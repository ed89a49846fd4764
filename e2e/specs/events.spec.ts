import { expect, test, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { screenshot } from '../support/artifacts.js';
import { signInAsAdmin } from '../support/auth.js';
import { eventDrawer, eventRows, eventsTable } from '../support/events.js';
import { ALERTS } from '../support/falco.js';
import { inNamespace, postAlert } from '../support/ingest.js';

/** The URL's view state (`#/events?…`) as search params. */
const viewOf = (page: Page): URLSearchParams =>
  new URLSearchParams(new URL(page.url()).hash.split('?')[1] ?? '');

/** A button of the facet list `facet` (Priority, Namespace…) whose value is `value`. */
const facetValue = (page: Page, facet: string, value: string) =>
  page
    .getByRole('complementary', { name: 'Facets' })
    .getByRole('list', { name: facet, exact: true })
    .getByRole('button', { name: new RegExp(`^${value}\\s*[\\d,]+$`) });

test('after sign-in the analyst lands on Events, where new events appear live, newest first', async ({
  page,
  request,
}, testInfo) => {
  const pageErrors: Error[] = [];
  page.on('pageerror', (err) => pageErrors.push(err));
  const run = randomBytes(3).toString('hex');
  const rules = [1, 2, 3].map((n) => `E2E live ${n} ${run}`);

  await signInAsAdmin(page);
  await expect(page.getByRole('heading', { name: 'Events', level: 2 })).toBeVisible();
  expect(new URL(page.url()).hash).toMatch(/^(#\/?|#\/events.*)?$/);
  await expect(page.getByRole('status', { name: 'Live updates: Live' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Pause live' })).toBeVisible();
  // Anything that reloads the page would drop this.
  await page.evaluate(() => Object.assign(window, { __e2eSamePage: true }));

  for (const rule of rules) {
    await postAlert(request, inNamespace(ALERTS.c2, rule, `live-${run}`), new Date());
    await expect(eventRows(page, rule)).toHaveCount(1);
  }
  // Newest on top: the first body row is the last one posted.
  await expect(eventsTable(page).getByRole('row').nth(1)).toContainText(rules[2]!);
  const row = eventRows(page, rules[0]!);
  await expect(row).toContainText('Critical');
  await expect(row).toContainText(`live-${run}`);
  await expect(row).toContainText('evil.example.net');
  expect(await page.evaluate(() => (window as { __e2eSamePage?: boolean }).__e2eSamePage)).toBe(
    true,
  );

  // Paused, new events wait behind a counter; resuming puts them on top.
  await page.getByRole('button', { name: 'Pause live' }).click();
  const held = `E2E live held ${run}`;
  await postAlert(request, inNamespace(ALERTS.shell, held, `live-${run}`), new Date());
  await expect(page.getByRole('button', { name: '1 new event' })).toBeVisible();
  await expect(eventRows(page, held)).toHaveCount(0);
  await page.getByRole('button', { name: 'Resume live' }).click();
  await expect(eventRows(page, held)).toHaveCount(1);
  await expect(page.getByRole('button', { name: '1 new event' })).toHaveCount(0);
  await expect(eventsTable(page).getByRole('row').nth(1)).toContainText(held);

  await screenshot(page, testInfo, 'events');
  await expect(page.getByRole('alert')).toHaveCount(0);
  expect(pageErrors).toEqual([]);
});

test('filters by priority and namespace live in the URL, and a reload shows the same view', async ({
  page,
  request,
}) => {
  const run = randomBytes(3).toString('hex');
  const [nsA, nsB] = [`flt-a-${run}`, `flt-b-${run}`];
  const posted = {
    criticalA: inNamespace(ALERTS.c2, `E2E filter critical A ${run}`, nsA),
    warningA: inNamespace(ALERTS.sensitiveRead, `E2E filter warning A ${run}`, nsA),
    criticalB: inNamespace(ALERTS.c2, `E2E filter critical B ${run}`, nsB),
  };
  for (const alert of Object.values(posted)) await postAlert(request, alert, new Date());

  await signInAsAdmin(page);
  // The run's events only (its id is in their namespaces, so in their output): few facet values.
  await page.getByRole('searchbox', { name: 'Search events' }).fill(run);
  await expect.poll(() => viewOf(page).get('q')).toBe(run);
  for (const alert of Object.values(posted))
    await expect(eventRows(page, alert.rule)).toHaveCount(1);

  await facetValue(page, 'Priority', 'Critical').click();
  await expect.poll(() => viewOf(page).getAll('priority')).toEqual(['Critical']);
  await expect(eventRows(page, posted.warningA.rule)).toHaveCount(0);
  await facetValue(page, 'Namespace', nsA).click();
  await expect.poll(() => viewOf(page).getAll('namespace')).toEqual([nsA]);
  await expect(eventRows(page, posted.criticalB.rule)).toHaveCount(0);
  await expect(eventRows(page, posted.criticalA.rule)).toHaveCount(1);
  await expect(facetValue(page, 'Priority', 'Critical')).toHaveAttribute('aria-pressed', 'true');

  const url = page.url();
  await page.reload();
  expect(page.url()).toBe(url);
  await expect(eventRows(page, posted.criticalA.rule)).toHaveCount(1);
  await expect(eventsTable(page).getByRole('row')).toHaveCount(2); // header + the one event
  const chips = page.getByRole('group', { name: 'Filters' });
  await expect(
    chips.getByRole('button', { name: 'Remove filter priority: Critical' }),
  ).toBeVisible();
  await expect(
    chips.getByRole('button', { name: `Remove filter namespace: ${nsA}` }),
  ).toBeVisible();
  await expect(page.getByRole('searchbox', { name: 'Search events' })).toHaveValue(run);

  // Removing a chip widens the view again.
  await chips.getByRole('button', { name: 'Remove filter priority: Critical' }).click();
  await expect.poll(() => viewOf(page).getAll('priority')).toEqual([]);
  await expect(eventRows(page, posted.warningA.rule)).toHaveCount(1);
});

test('an event opens in a drawer with its output, fields, tags and group; the link reopens it', async ({
  page,
  request,
}, testInfo) => {
  const run = randomBytes(3).toString('hex');
  const alert = inNamespace(ALERTS.shell, `E2E drawer shell ${run}`, `drawer-${run}`);
  await postAlert(request, alert, new Date());

  await signInAsAdmin(page);
  await eventRows(page, alert.rule).click();
  const drawer = eventDrawer(page);
  await expect(drawer).toBeVisible();
  await expect(drawer).toContainText(alert.rule);
  await expect(drawer.getByRole('heading', { name: 'Output', exact: true })).toBeVisible();
  await expect(drawer).toContainText(
    'A shell was spawned in a container with an attached terminal',
  );

  const fields = drawer.getByRole('table', { name: 'Output fields' });
  for (const [name, value] of [
    ['k8s.ns.name', `drawer-${run}`],
    ['proc.cmdline', 'bash'],
    ['container.image.repository', 'registry.example.com/payments/api'],
    ['proc.tty', '34816'],
  ]) {
    const row = fields.getByRole('row').filter({ hasText: name });
    await expect(row).toContainText(value!);
    await expect(row.getByRole('button', { name: `Copy ${name}` })).toBeVisible();
  }
  await expect(drawer.getByRole('table', { name: 'Where' })).toContainText(`drawer-${run}`);
  for (const tag of ALERTS.shell.tags) await expect(drawer).toContainText(tag);
  await expect(drawer.getByRole('table', { name: 'Alert group' })).toContainText('new');
  await expect(drawer.getByRole('link', { name: 'Open alert group' })).toBeVisible();
  await screenshot(page, testInfo, 'events-drawer');

  // The drawer is in the URL: a reload (or a pasted link) opens it again; Esc closes it.
  const id = viewOf(page).get('id');
  expect(id).toMatch(/^[0-9a-f-]{36}$/);
  await page.reload();
  await expect(eventDrawer(page)).toContainText(alert.rule);
  await page.keyboard.press('Escape');
  await expect(eventDrawer(page)).toHaveCount(0);
  expect(viewOf(page).get('id')).toBeNull();
});
