import { expect, type Page } from '@playwright/test';
import { csrfToken } from './auth.js';

/**
 * A JSON call to the API in the name of the page's session (cookie + CSRF token), for setting
 * up what a spec needs faster than through the pages; expects `status`.
 */
export async function callAs(
  page: Page,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  path: string,
  status: number,
  data?: unknown,
): Promise<unknown> {
  const headers: Record<string, string> =
    method === 'GET' ? {} : { 'x-csrf-token': await csrfToken(page) };
  const res = await page.request.fetch(path, {
    method,
    headers,
    ...(data === undefined ? {} : { data }),
  });
  const text = await res.text();
  expect(res.status(), `${method} ${path}: ${text}`).toBe(status);
  return text === '' ? undefined : (JSON.parse(text) as unknown);
}
