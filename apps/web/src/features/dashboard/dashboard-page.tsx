import { EventsTable } from '../events/events-table';
import { useEvents } from '../events/use-events';
import { PriorityCounts } from '../stats/priority-counts';
import { STATS_WINDOW, useStats } from '../stats/use-stats';
import { formatClock } from '../../shared/format';

/** Counts over the last day and the latest events, refreshed every few seconds. */
export function DashboardPage() {
  const stats = useStats();
  const events = useEvents(50);

  return (
    <>
      <section className="panel" aria-labelledby="stats-heading">
        <h2 id="stats-heading">Last {STATS_WINDOW === '24h' ? '24 hours' : STATS_WINDOW}</h2>
        {stats.error && (
          <p role="alert" className="error">
            Could not load counts: {stats.error.message}
          </p>
        )}
        {stats.data ? (
          <PriorityCounts stats={stats.data} />
        ) : (
          !stats.error && <p className="muted">Loading counts…</p>
        )}
      </section>

      <section className="panel" aria-labelledby="events-heading">
        <div className="panel__head">
          <h2 id="events-heading">Latest events</h2>
          {events.updatedAt && (
            <p className="muted">
              Updated {formatClock(events.updatedAt)} · refreshes every few seconds
            </p>
          )}
        </div>
        {events.error && (
          <p role="alert" className="error">
            Could not load events: {events.error.message}
          </p>
        )}
        {events.data ? (
          <EventsTable events={events.data.items} caption="Latest events" />
        ) : (
          !events.error && <p className="muted">Loading events…</p>
        )}
      </section>
    </>
  );
}
