/** How often the dashboard refetches until live push replaces polling. */
export const REFRESH_MS = 3_000;
