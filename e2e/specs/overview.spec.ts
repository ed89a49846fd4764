import { expect, test, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { screenshot } from '../support/artifacts.js';
import { signInAsAdmin } from '../support/auth.js';
import { ALERTS } from '../support/falco.js';
import { inNamespace, postAlert } from '../support/ingest.js';

/** The item of a count card's list for `label`, whose text is the label then the count. */
const countOf = (page: Page, list: string, label: string) =>
  page
    .getByRole('list', { name: list })
    .getByRole('listitem')
    .filter({ hasText: new RegExp(`^${label}\\s*[\\d,]+$`) });

test('the overview counts events by priority and namespace, live, and a slice opens them', async ({
  page,
  request,
}, testInfo) => {
  const run = randomBytes(3).toString('hex');
  const namespace = `ovw-${run}`;
  const warnings = [`E2E overview warning A ${run}`, `E2E overview warning B ${run}`];
  await postAlert(request, inNamespace(ALERTS.c2, `E2E overview c2 ${run}`, namespace), new Date());
  for (const rule of warnings)
    await postAlert(request, inNamespace(ALERTS.sensitiveRead, rule, namespace), new Date());

  await signInAsAdmin(page);
  await page.goto(`/#/overview?namespace=${namespace}`);
  await expect(page.getByRole('heading', { name: 'Overview', level: 2 })).toBeVisible();
  await expect(
    page.getByRole('listitem').filter({ hasText: `namespace: ${namespace}` }),
  ).toBeVisible();
  await expect(countOf(page, 'Events by priority', 'Critical')).toHaveText(/1$/);
  await expect(countOf(page, 'Events by priority', 'Warning')).toHaveText(/2$/);
  await expect(countOf(page, 'Events by priority', 'Error')).toHaveText(/0$/);
  await expect(
    page.getByRole('list', { name: 'Events by namespace' }).getByRole('listitem'),
  ).toHaveText([new RegExp(`^${namespace}\\s*3$`)]);
  await expect(page.getByText(/^\s*3 events\s*$/)).toBeVisible();
  await expect(
    page.getByRole('img', { name: /^Events over time by priority, 3 in / }),
  ).toBeVisible();

  // A new event shows in the counts without a reload (the page re-reads them, throttled).
  await postAlert(
    request,
    inNamespace(ALERTS.c2, `E2E overview c2 again ${run}`, namespace),
    new Date(),
  );
  await expect(countOf(page, 'Events by priority', 'Critical')).toHaveText(/2$/, {
    timeout: 20_000,
  });
  await expect(page.getByText(/^\s*4 events\s*$/)).toBeVisible();
  await screenshot(page, testInfo, 'overview');

  // A slice is a link to the Events view narrowed to it.
  await countOf(page, 'Events by priority', 'Warning')
    .getByRole('link', { name: 'Warning' })
    .click();
  await expect(page).toHaveURL(/#\/events\?/);
  const search = new URLSearchParams(new URL(page.url()).hash.split('?')[1]);
  expect(search.getAll('namespace')).toEqual([namespace]);
  expect(search.getAll('priority')).toEqual(['Warning']);
  const rows = page.getByRole('table', { name: 'Events' }).getByRole('row');
  for (const rule of warnings) await expect(rows.filter({ hasText: rule })).toHaveCount(1);
  await expect(rows.filter({ hasText: `E2E overview c2 ${run}` })).toHaveCount(0);
});
