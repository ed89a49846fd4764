import { expect, test, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { screenshot } from '../support/artifacts.js';
import { signInAsAdmin } from '../support/auth.js';
import { audit, describeViolations, type Violation } from '../support/axe.js';
import { eventDrawer, eventRows } from '../support/events.js';
import { ALERTS } from '../support/falco.js';
import { inNamespace, postAlert } from '../support/ingest.js';

// axe-core is added to the page as an inline script, which Aerie's CSP (rightly) forbids.
test.use({ bypassCSP: true });

/** Each main view: how to get there, and what shows it is ready to be audited. */
const VIEWS: ReadonlyArray<{ name: string; open: (page: Page, rule: string) => Promise<void> }> = [
  {
    name: 'events-with-drawer',
    open: async (page, rule) => {
      await page.goto('/#/events');
      await eventRows(page, rule).first().click();
      await expect(eventDrawer(page)).toBeVisible();
      await expect(eventDrawer(page)).toContainText(rule);
    },
  },
  {
    name: 'overview',
    open: async (page) => {
      await page.goto('/#/overview');
      await expect(page.getByRole('list', { name: 'Events by priority' })).toBeVisible();
    },
  },
  {
    name: 'alerts-with-drawer',
    open: async (page, rule) => {
      await page.keyboard.press('Escape'); // the event drawer
      await page.goto('/#/alerts');
      await page.getByRole('button', { name: new RegExp(`^Open ${rule} `) }).click();
      await expect(page.getByRole('dialog', { name: 'Alert group' })).toContainText(rule);
    },
  },
  {
    name: 'outputs',
    open: async (page) => {
      await page.goto('/#/outputs');
      await expect(page.getByRole('heading', { name: 'Outputs', level: 2 })).toBeVisible();
    },
  },
  {
    name: 'admin-users',
    open: async (page) => {
      await page.goto('/#/admin/users');
      await expect(page.getByRole('table', { name: 'Users' })).toContainText('admin');
    },
  },
  {
    name: 'admin-audit',
    open: async (page) => {
      await page.goto('/#/admin/audit');
      await expect(page.getByRole('heading', { name: /^Audit/, level: 2 })).toBeVisible();
    },
  },
];

for (const theme of ['light', 'dark'] as const) {
  test.describe(`${theme} theme`, () => {
    // The dashboard follows the system's scheme by default ("Auto"), the login page too.
    test.use({ colorScheme: theme });

    test(`the main views have no critical accessibility violations (${theme})`, async ({
      page,
      request,
    }, testInfo) => {
      test.setTimeout(120_000);
      const rule = `E2E a11y probe ${randomBytes(3).toString('hex')}`;
      await postAlert(request, inNamespace(ALERTS.c2, rule, 'payments'), new Date());
      const found: Array<[string, Violation[]]> = [];
      const check = async (name: string) => {
        await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', theme);
        await screenshot(page, testInfo, `${name}-${theme}`);
        found.push([name, await audit(page, testInfo, `${name}-${theme}`)]);
      };

      await page.goto('/');
      await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
      await check('login');
      await signInAsAdmin(page);
      for (const view of VIEWS) {
        await view.open(page, rule);
        await check(view.name);
      }

      for (const [name, violations] of found) {
        const serious = violations.filter((v) => v.impact === 'serious');
        if (serious.length > 0)
          console.log(`axe ${theme} ${name}, serious:\n${describeViolations(serious)}`);
        const critical = violations.filter((v) => v.impact === 'critical');
        expect.soft(critical, `${name} (${theme}):\n${describeViolations(critical)}`).toEqual([]);
      }
    });
  });
}
