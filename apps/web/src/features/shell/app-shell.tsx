import type { Me } from '@aerie/contracts';
import { useRoute } from '../../shared/use-route';
import { AdminPage } from '../admin/admin-page';
import { DashboardPage } from '../dashboard/dashboard-page';
import { HealthLine } from '../health/health-line';
import { useHealth } from '../health/use-health';
import { MainNav } from './main-nav';
import { UserMenu } from './user-menu';

/** The signed-in dashboard: header (brand, navigation, health, account) and the current page. */
export function AppShell({ me, onSignOut }: { me: Me; onSignOut: () => Promise<void> }) {
  const route = useRoute();
  const health = useHealth();
  const isAdmin = me.role === 'admin';

  return (
    <>
      <header className="masthead">
        <div className="masthead__brand">
          <h1>Aerie</h1>
          <MainNav route={route} isAdmin={isAdmin} />
        </div>
        <div className="masthead__side">
          <HealthLine health={health} />
          <UserMenu me={me} onSignOut={onSignOut} />
        </div>
      </header>
      <main>
        {route.page === 'dashboard' && <DashboardPage />}
        {route.page === 'admin' &&
          (isAdmin ? (
            <AdminPage section={route.section} />
          ) : (
            <Missing text="Administration is for admins only." />
          ))}
        {route.page === 'not-found' && <Missing text="There is no such page." />}
      </main>
    </>
  );
}

function Missing({ text }: { text: string }) {
  return (
    <section className="panel" aria-labelledby="missing-heading">
      <h2 id="missing-heading">Not here</h2>
      <p>
        {text} <a href="#/">Back to the dashboard</a>
      </p>
    </section>
  );
}
