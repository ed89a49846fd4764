import { defineConfig } from '@playwright/test';

/**
 * System tests: the built Aerie (`apps/api/dist/main.js`, serving `apps/web/dist`) started by
 * ./global-setup.ts on a free port, driven through Debian's Chromium.
 * Build first: `npx nx run-many -t build` (the root `test:system` script does).
 */
export default defineConfig({
  testDir: './specs',
  globalSetup: './global-setup.ts',
  // One server and one database for the run: specs share them, so run them one at a time.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  outputDir: './test-results',
  use: {
    // Set by global-setup.ts, which runs before the worker that reads this config.
    baseURL: process.env.AERIE_E2E_URL,
    browserName: 'chromium',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
