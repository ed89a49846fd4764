import type { MainPage, Route } from '../../shared/route';

const LINKS: ReadonlyArray<{ page: MainPage; label: string; adminOnly?: boolean }> = [
  { page: 'events', label: 'Events' },
  { page: 'overview', label: 'Overview' },
  { page: 'alerts', label: 'Alerts' },
  { page: 'outputs', label: 'Outputs', adminOnly: true },
];

/** The top-level pages; Outputs and Admin only for admins (the API refuses the others anyway). */
export function MainNav({ route, isAdmin }: { route: Route; isAdmin: boolean }) {
  const current = (page: Route['page']) => (route.page === page ? 'page' : undefined);
  return (
    <nav aria-label="Main" className="main-nav">
      {LINKS.filter((l) => isAdmin || !l.adminOnly).map((l) => (
        <a key={l.page} href={`#/${l.page}`} aria-current={current(l.page)}>
          {l.label}
        </a>
      ))}
      {isAdmin && (
        <a href="#/admin/users" aria-current={current('admin')}>
          Admin
        </a>
      )}
    </nav>
  );
}
