import type { Page } from '@playwright/test';

/** The Events view's table (virtualized: only rows near the viewport are in the DOM). */
export const eventsTable = (page: Page) => page.getByRole('table', { name: 'Events' });

/** The rows of the Events table that show `text` (a rule made unique by the spec). */
export const eventRows = (page: Page, text: string) =>
  eventsTable(page).getByRole('row').filter({ hasText: text });

/** The event detail drawer. */
export const eventDrawer = (page: Page) => page.getByRole('dialog', { name: 'Event details' });
