import type { Page, TestInfo } from '@playwright/test';

/**
 * A full-page screenshot of a view, kept as a test artifact: `<name>.png` in the test's output
 * directory (under e2e/test-results, kept after the run, passed or not), and in the report.
 */
export async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  const body = await page.screenshot({ path, fullPage: true, animations: 'disabled' });
  await testInfo.attach(name, { body, contentType: 'image/png' });
}
