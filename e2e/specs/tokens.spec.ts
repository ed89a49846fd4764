import { expect, test } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { signInAsAdmin } from '../support/auth.js';

test('an admin creates a token, sees its secret once, and can revoke it', async ({
  page,
  context,
  request,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const name = `e2e-reader-${randomBytes(3).toString('hex')}`;
  await signInAsAdmin(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();
  await page
    .getByRole('navigation', { name: 'Administration' })
    .getByRole('link', { name: 'Tokens' })
    .click();

  const form = page.getByRole('form', { name: 'New token' });
  await form.getByLabel('Name', { exact: true }).fill(name);
  await form.getByRole('checkbox', { name: 'events:read' }).check();
  await form.getByRole('button', { name: 'Create token' }).click();

  const shown = page.getByRole('region', { name: `Token ${name} created` });
  await expect(shown).toContainText('you will not see it again');
  const secret = await shown.getByLabel('Token').inputValue();
  expect(secret).toMatch(/^aerie_/);
  await shown.getByRole('button', { name: 'Copy' }).click();
  await expect(shown.getByRole('status')).toHaveText('Copied to the clipboard.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);

  // It is the real thing: the API takes it.
  const auth = { authorization: `Bearer ${secret}` };
  expect((await request.get('/api/v1/events', { headers: auth })).status()).toBe(200);

  // Listed by its prefix; the secret is nowhere once dismissed, nor after a reload.
  const row = page
    .getByRole('table', { name: 'Tokens' })
    .getByRole('row', { name: new RegExp(name) });
  await expect(row).toContainText('events:read');
  await expect(row).toContainText(secret.slice(0, 10));
  await shown.getByRole('button', { name: 'Done, I have stored it' }).click();
  await expect(shown).toHaveCount(0);
  await page.reload();
  await expect(row).toContainText('active');
  expect(await page.content()).not.toContain(secret);

  await row.getByRole('button', { name: `Revoke ${name}` }).click();
  await row.getByRole('button', { name: 'Yes, revoke' }).click();
  await expect(row).toContainText('revoked');
  await expect
    .poll(async () => (await request.get('/api/v1/events', { headers: auth })).status())
    .toBe(401);
});
