import type { Me } from '@aerie/contracts';
/** Being built (issue 5). */
export function AlertsPage({ me }: { me: Me }) {
  return (
    <section className="panel">
      <h2>Alerts</h2>
      <p>{me.username}</p>
    </section>
  );
}
