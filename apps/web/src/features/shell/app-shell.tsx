import type { Me } from '@aerie/contracts';
import { LiveProvider } from '../../shared/live/live-context';
import { useRoute } from '../../shared/use-route';
import { AdminPage } from '../admin/admin-page';
import { AlertsPage } from '../alerts/alerts-page';
import { EventsPage } from '../events/events-page';
import { HealthLine } from '../health/health-line';
import { useHealth } from '../health/use-health';
import { OutputsPage } from '../outputs/outputs-page';
import { OverviewPage } from '../overview/overview-page';
import { LiveIndicator } from './live-indicator';
import { MainNav } from './main-nav';
import { Shortcuts } from './shortcuts';
import { ThemeToggle } from './theme-toggle';
import { UserMenu } from './user-menu';

/** The signed-in dashboard: header (brand, navigation, status, account) and the current page. */
export function AppShell({ me, onSignOut }: { me: Me; onSignOut: () => Promise<void> }) {
  const route = useRoute();
  const health = useHealth();
  const isAdmin = me.role === 'admin';

  return (
    <LiveProvider>
      <header className="masthead">
        <div className="masthead__brand">
          <h1>Aerie</h1>
          <MainNav route={route} isAdmin={isAdmin} />
        </div>
        <div className="masthead__side">
          <LiveIndicator />
          <HealthLine health={health} />
          <ThemeToggle />
          <UserMenu me={me} onSignOut={onSignOut} />
        </div>
      </header>
      <Shortcuts />
      <main>
        {route.page === 'events' && <EventsPage me={me} />}
        {route.page === 'overview' && <OverviewPage />}
        {route.page === 'alerts' && <AlertsPage me={me} />}
        {route.page === 'outputs' &&
          (isAdmin ? <OutputsPage /> : <Missing text="Outputs are for admins only." />)}
        {route.page === 'admin' &&
          (isAdmin ? (
            <AdminPage section={route.section} />
          ) : (
            <Missing text="Administration is for admins only." />
          ))}
        {route.page === 'not-found' && <Missing text="There is no such page." />}
      </main>
    </LiveProvider>
  );
}

function Missing({ text }: { text: string }) {
  return (
    <section className="panel" aria-labelledby="missing-heading">
      <h2 id="missing-heading">Not here</h2>
      <p>
        {text} <a href="#/">Back to the events</a>
      </p>
    </section>
  );
}
