import { expect, test, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { screenshot } from '../support/artifacts.js';
import { signInAsAdmin } from '../support/auth.js';
import { ALERTS } from '../support/falco.js';
import { inNamespace, postAlert } from '../support/ingest.js';

/** The row of the group of `rule` in the Alerts table. */
const groupRow = (page: Page, rule: string) =>
  page
    .getByRole('table', { name: 'Alert groups' })
    .getByRole('row')
    .filter({ has: page.getByRole('button', { name: new RegExp(`^Open ${rule} `) }) });

test('an analyst acknowledges then resolves a group, and another analyst sees it change live', async ({
  page,
  browser,
  request,
}, testInfo) => {
  const run = randomBytes(3).toString('hex');
  const namespace = `triage-${run}`;
  const rule = `E2E triage shell ${run}`;
  // Two events of one fingerprint: one group of 2.
  for (const ago of [20_000, 10_000])
    await postAlert(
      request,
      inNamespace(ALERTS.shell, rule, namespace),
      new Date(Date.now() - ago),
    );
  // Every status, so a resolved group stays in the list.
  const view = `/#/alerts?status=new,acknowledged,resolved,false_positive&namespace=${namespace}`;

  // The other analyst: a browser context (cookies, storage, socket) of their own.
  const otherContext = await browser.newContext();
  const other = await otherContext.newPage();
  try {
    await signInAsAdmin(other);
    await other.goto(view);
    const watched = groupRow(other, rule);
    await expect(watched).toContainText('New');
    await expect(watched.getByRole('cell').nth(5)).toHaveText('2');

    await signInAsAdmin(page);
    await page.goto(view);
    await groupRow(page, rule)
      .getByRole('button', { name: new RegExp(`^Open ${rule} `) })
      .click();
    const drawer = page.getByRole('dialog', { name: 'Alert group' });
    await expect(drawer.getByRole('heading', { name: rule })).toBeVisible();
    await expect(drawer.getByRole('table', { name: 'Group details' })).toContainText(namespace);
    const actions = drawer.getByRole('group', { name: 'Change status' });

    await actions.getByRole('button', { name: 'Acknowledge' }).click();
    await expect(drawer.getByText('Acknowledged', { exact: true }).first()).toBeVisible();
    // Pushed to the other context: no reload, no navigation there.
    await expect(watched).toContainText('Acknowledged');

    await actions.getByRole('button', { name: 'Resolve' }).click();
    await expect(watched).toContainText('Resolved');
    await expect(groupRow(page, rule)).toContainText('Resolved');
    await screenshot(page, testInfo, 'alerts-with-group-drawer');
    await screenshot(other, testInfo, 'alerts-seen-by-another-analyst');

    // The history says who did what, in order.
    const activity = drawer.getByRole('list', { name: 'Activity' });
    await expect(activity).toContainText('Acknowledged');
    await expect(activity).toContainText('Resolved');
  } finally {
    await otherContext.close();
  }
});
