import { expect, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';

/** The first admin's password, made up by global-setup.ts for this run. */
export function adminPassword(): string {
  const password = process.env.AERIE_E2E_ADMIN_PASSWORD;
  if (!password) throw new Error('AERIE_E2E_ADMIN_PASSWORD is unset: run through global-setup.ts');
  return password;
}

/** A password Aerie accepts (≥ 12 characters) that nobody could guess. */
export const strongPassword = (): string => randomBytes(18).toString('base64url');

/** Signs in through the login page, as a person would, and waits for the dashboard. */
export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: `Account: ${username}` })).toBeVisible();
}

export const signInAsAdmin = (page: Page): Promise<void> => signIn(page, 'admin', adminPassword());

/** Signs out through the user menu and waits for the login page. */
export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^Account: / }).click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
}

/**
 * The CSRF token of the page's session, for state-changing calls through `page.request` (which
 * shares the page's cookies).
 */
export async function csrfToken(page: Page): Promise<string> {
  const res = await page.request.get('/api/v1/auth/me');
  expect(res.status()).toBe(200);
  const me = (await res.json()) as { csrf_token?: unknown };
  if (typeof me.csrf_token !== 'string') throw new Error('the session has no CSRF token');
  return me.csrf_token;
}
