/**
 * The dashboard's pages as URL hashes (`#/events?priority=critical`): every view, filters
 * included, is a link that can be pasted into Slack; reloads keep it; the server needs no route
 * of its own, and the app works under any path prefix an ingress mounts it at.
 */
export const ADMIN_SECTIONS = ['users', 'teams', 'tokens', 'audit'] as const;
export type AdminSection = (typeof ADMIN_SECTIONS)[number];

export const PAGES = ['events', 'overview', 'alerts', 'outputs'] as const;
export type MainPage = (typeof PAGES)[number];

export type Route =
  { page: MainPage } | { page: 'admin'; section: AdminSection } | { page: 'not-found' };

/** Where the user lands: where new events arrive live. */
export const HOME: Route = { page: 'events' };

/** The path part of a hash (`#/events?x=1` → `/events`). */
function pathOf(hash: string): string {
  return hash.replace(/^#/, '').split('?')[0]!.replace(/\/+$/, '');
}

/** The query part of a hash (`#/events?x=1` → `x=1`). */
export function searchOf(hash: string): URLSearchParams {
  const i = hash.indexOf('?');
  return new URLSearchParams(i < 0 ? '' : hash.slice(i + 1));
}

export function parseRoute(hash: string): Route {
  const path = pathOf(hash);
  if (path === '' || path === '/') return HOME;
  const main = PAGES.find((p) => path === `/${p}`);
  if (main) return { page: main };
  const admin = /^\/admin(?:\/([a-z]+))?$/.exec(path);
  if (admin) {
    const section = admin[1] ?? 'users';
    const known = ADMIN_SECTIONS.find((s) => s === section);
    if (known) return { page: 'admin', section: known };
  }
  return { page: 'not-found' };
}

/** The hash of a route, with an optional query (`URLSearchParams` order is kept). */
export function routeHref(route: Route, search?: URLSearchParams): string {
  const query = search && search.toString() !== '' ? `?${search.toString()}` : '';
  switch (route.page) {
    case 'not-found':
      return '#/';
    case 'admin':
      return `#/admin/${route.section}${query}`;
    default:
      return `#/${route.page}${query}`;
  }
}
