/**
 * The dashboard's few pages as URL hashes (`#/`, `#/admin/users`…): links and the back button
 * work, reloads keep the page, and the server needs no route of its own for them.
 */
export const ADMIN_SECTIONS = ['users', 'teams', 'tokens'] as const;
export type AdminSection = (typeof ADMIN_SECTIONS)[number];

export type Route =
  { page: 'dashboard' } | { page: 'admin'; section: AdminSection } | { page: 'not-found' };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/\/+$/, '');
  if (path === '' || path === '/') return { page: 'dashboard' };
  const admin = /^\/admin(?:\/([a-z]+))?$/.exec(path);
  if (admin) {
    const section = admin[1] ?? 'users';
    const known = ADMIN_SECTIONS.find((s) => s === section);
    if (known) return { page: 'admin', section: known };
  }
  return { page: 'not-found' };
}

export function routeHref(route: Route): string {
  switch (route.page) {
    case 'dashboard':
    case 'not-found':
      return '#/';
    case 'admin':
      return `#/admin/${route.section}`;
  }
}
