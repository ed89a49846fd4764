import type { Route } from '../../shared/route';

/** The top-level pages; Admin only for admins (the API refuses the others anyway). */
export function MainNav({ route, isAdmin }: { route: Route; isAdmin: boolean }) {
  const current = (page: Route['page']) => (route.page === page ? 'page' : undefined);
  return (
    <nav aria-label="Main" className="main-nav">
      <a href="#/" aria-current={current('dashboard')}>
        Dashboard
      </a>
      {isAdmin && (
        <a href="#/admin/users" aria-current={current('admin')}>
          Admin
        </a>
      )}
    </nav>
  );
}
