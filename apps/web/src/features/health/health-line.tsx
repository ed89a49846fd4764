import { formatClock } from '../../shared/format';
import type { Polled } from '../../shared/use-polling';
import type { Health } from './use-health';

/** One line saying whether the server is up, ready, or out of reach. */
export function HealthLine({ health }: { health: Polled<Health> }) {
  const { data, error, updatedAt } = health;
  let tone: 'ok' | 'warn' | 'down' | 'unknown' = 'unknown';
  let text = 'Checking server…';
  if (error) {
    tone = 'down';
    text = 'Server unreachable';
  } else if (data?.ready) {
    tone = 'ok';
    text = 'Server ready';
  } else if (data) {
    tone = 'warn';
    text = `Server not ready (HTTP ${data.status})`;
  }
  return (
    <p className={`health health--${tone}`} role="status" aria-label="Server health">
      <span className="health__dot" aria-hidden="true" />
      {text}
      {updatedAt && !error && <span className="muted"> · checked {formatClock(updatedAt)}</span>}
    </p>
  );
}
