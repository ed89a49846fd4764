import { chromium, type Browser, type Page } from 'playwright-core';
import { onCleanup } from '../harness/cleanup.js';
import { PAGE_GLOBAL, PAGE_OBSERVER_SCRIPT } from './marker.js';

export interface PageOptions {
  baseUrl: string;
  username: string;
  password: string;
  chromiumPath: string;
  viewport: { width: number; height: number };
}

export interface EventsPage {
  page: Page;
  /** First DOM appearance of each marker so far. */
  take(): Promise<Map<string, number>>;
  /** The page's long tasks (over 50 ms) so far: `[start, duration]`, ms. */
  longTasks(): Promise<Array<[number, number]>>;
  /** Page errors and console errors seen so far. */
  errors: string[];
}

/** What the page script returns: `[key, number][]`. */
function pairsOf<K extends 'string' | 'number'>(
  raw: unknown,
  key: K,
): Array<[K extends 'string' ? string : number, number]> {
  const pairs = Array.isArray(raw) ? (raw as unknown[]) : [];
  return pairs.map((pair) => {
    if (!Array.isArray(pair) || typeof pair[0] !== key || typeof pair[1] !== 'number')
      throw new Error(`the page script returned something else than [${key}, number] pairs`);
    return pair as [K extends 'string' ? string : number, number];
  });
}

/**
 * Debian's Chromium, headless, signed in through the login form, on `#/events` (the live tail)
 * with the marker observer installed before the app's own scripts. Background throttling is
 * off: a headless page counts as hidden to some timers, and the bench must not measure that.
 */
export async function openEventsPage(o: PageOptions): Promise<EventsPage> {
  const browser: Browser = await chromium.launch({
    executablePath: o.chromiumPath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-background-timer-throttling',
      '--disable-backgrounding-occluded-windows',
      '--disable-renderer-backgrounding',
    ],
  });
  onCleanup(() => browser.close());
  const context = await browser.newContext({ baseURL: o.baseUrl, viewport: o.viewport });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.addInitScript({ content: PAGE_OBSERVER_SCRIPT });

  await page.goto('/');
  await page.getByLabel('Username').fill(o.username);
  await page.getByLabel('Password').fill(o.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: `Account: ${o.username}` }).waitFor();
  // The page's `GET /auth/me` before signing in answers 401 on purpose: not an error here.
  errors.length = 0;
  await page.goto('/#/events');

  const probe = `window[${JSON.stringify(PAGE_GLOBAL)}]`;
  return {
    page,
    errors,
    async take() {
      return new Map(pairsOf(await page.evaluate(`${probe}.take()`), 'string'));
    },
    async longTasks() {
      return pairsOf(await page.evaluate(`${probe}.longTasks()`), 'number');
    },
  };
}
