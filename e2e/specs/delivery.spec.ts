import { expect, test } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { callAs } from '../support/api.js';
import { screenshot } from '../support/artifacts.js';
import { signInAsAdmin } from '../support/auth.js';
import { eventDrawer, eventRows } from '../support/events.js';
import { ALERTS } from '../support/falco.js';
import { inNamespace, postAlert } from '../support/ingest.js';
import { startReceiver } from '../support/receiver.js';

test('a failed delivery shows on the event and its output, and a replay delivers it', async ({
  page,
  request,
}, testInfo) => {
  const run = randomBytes(3).toString('hex');
  const output = `e2e-hook-${run}`;
  const rule = `E2E delivery probe ${run}`;
  const receiver = await startReceiver(500);
  await signInAsAdmin(page);
  // One attempt only: the 500 makes the delivery dead at once, ready to be replayed.
  await callAs(page, 'POST', '/api/v1/outputs', 201, {
    name: output,
    type: 'webhook',
    config: { url: `${receiver.url}/hook` },
    route: { rules: [rule] },
    delivery: { maxAttempts: 1 },
  });
  try {
    await postAlert(request, inNamespace(ALERTS.c2, rule, `delivery-${run}`), new Date());
    await expect.poll(() => receiver.received.length, { timeout: 20_000 }).toBe(1);

    // On its output: failing, one dead delivery, with the destination's answer.
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Outputs' })
      .click();
    const card = page.getByRole('region', { name: output });
    await expect(card).toContainText('Dead deliveries (1)');
    const dead = card.getByRole('table', { name: `Dead deliveries of ${output}` });
    await expect(dead.getByRole('row')).toHaveCount(2);
    await expect(dead).toContainText('HTTP 500');
    await expect(dead.getByRole('button', { name: /^Replay delivery / })).toBeEnabled();
    await screenshot(page, testInfo, 'outputs');

    // On the event: the same delivery, dead.
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Events' })
      .click();
    await eventRows(page, rule).click();
    const delivery = eventDrawer(page)
      .getByRole('table', { name: 'Deliveries' })
      .getByRole('row')
      .filter({ hasText: output });
    await expect(delivery).toContainText('dead');
    await expect(delivery).toContainText('HTTP 500');

    // The destination is back: the replay delivers the same event, and the drawer follows live.
    receiver.answer(200);
    await delivery.getByRole('button', { name: `Replay delivery to ${output}` }).click();
    await expect.poll(() => receiver.received.length, { timeout: 20_000 }).toBe(2);
    expect(receiver.received[1]!.body).toBe(receiver.received[0]!.body);
    await expect(delivery).toContainText('delivered');
    await expect(
      delivery.getByRole('button', { name: `Replay delivery to ${output}` }),
    ).toBeDisabled();
    await screenshot(page, testInfo, 'events-drawer-delivery-replayed');

    // And its output is healthy again.
    await page.keyboard.press('Escape');
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Outputs' })
      .click();
    await expect(card).toContainText(/Delivered\s*1/);
    await expect(card).not.toContainText('Dead deliveries');
  } finally {
    await callAs(page, 'DELETE', `/api/v1/outputs/${output}`, 204);
    await receiver.close();
  }
});
