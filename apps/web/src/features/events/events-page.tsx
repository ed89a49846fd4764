import type { Me } from '@aerie/contracts';
/** Being built (issue 5). */
export function EventsPage({ me }: { me: Me }) {
  return (
    <section className="panel">
      <h2>Events</h2>
      <p>{me.username}</p>
    </section>
  );
}
