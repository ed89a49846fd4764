import { expect, test } from '@playwright/test';
import { adminPassword, signIn, signInAsAdmin, signOut } from '../support/auth.js';
import { eventsTable } from '../support/events.js';

test('without a session the dashboard asks to sign in, and the API answers 401', async ({
  page,
  request,
}) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByLabel('Username')).toBeFocused();
  await expect(eventsTable(page)).toHaveCount(0);
  for (const path of ['/api/v1/events', '/api/v1/stats', '/api/v1/groups']) {
    expect((await request.get(path)).status(), path).toBe(401);
  }
});

test('a wrong password shows the error and lets nobody in', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('Password').fill(`${adminPassword()}-not`);
  await page.getByRole('button', { name: 'Sign in' }).click();

  await expect(page.getByRole('alert')).toHaveText('wrong username or password');
  await expect(page.getByLabel('Password')).toHaveValue('');
  await expect(page.getByLabel('Password')).toBeFocused();
  expect((await page.request.get('/api/v1/auth/me')).status()).toBe(401);
});

test('an ended session leads back to sign-in, and signing in returns to the same page', async ({
  page,
  context,
}) => {
  await signInAsAdmin(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();
  await page
    .getByRole('navigation', { name: 'Administration' })
    .getByRole('link', { name: 'Teams' })
    .click();
  await expect(page.getByRole('heading', { name: 'Teams', level: 2 })).toBeVisible();

  // The session is gone (expired, revoked): the next call answers 401.
  await context.clearCookies();
  await page
    .getByRole('navigation', { name: 'Administration' })
    .getByRole('link', { name: 'Users' })
    .click();

  await expect(page.getByText('Your session ended; sign in again')).toBeVisible();
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('Password').fill(adminPassword());
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Users', level: 2 })).toBeVisible();
  expect(new URL(page.url()).hash).toBe('#/admin/users');

  await signOut(page);
  expect((await page.request.get('/api/v1/auth/me')).status()).toBe(401);
  // Signing in again starts where new events arrive, not on the last person's page.
  await signIn(page, 'admin', adminPassword());
  await expect(eventsTable(page)).toBeVisible();
  expect(new URL(page.url()).hash).not.toContain('admin');
});
