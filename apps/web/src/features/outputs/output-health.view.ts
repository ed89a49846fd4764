import type { Output } from '@aerie/contracts';

export type HealthState = 'ok' | 'failing' | 'circuit-open' | 'probing' | 'disabled';

export interface HealthView {
  state: HealthState;
  /** The badge: `OK`, `Failing`, `Circuit open`. */
  label: string;
  /** A Mantine colour. */
  color: string;
  /** Why, in a sentence. */
  detail: string;
}

const at = (iso: string | null): number => (iso === null ? Number.NaN : Date.parse(iso));

/**
 * An output's health at a glance: the circuit breaker first (it stops every attempt), then
 * whether the last thing that happened was a failure.
 */
export function outputHealth(output: Output): HealthView {
  const h = output.health;
  if (!output.enabled) {
    return {
      state: 'disabled',
      label: 'Disabled',
      color: 'gray',
      detail: 'New events are not routed here.',
    };
  }
  if (h.circuit === 'open') {
    return {
      state: 'circuit-open',
      label: 'Circuit open',
      color: 'red',
      detail: 'Repeated failures: attempts are paused, then one request probes.',
    };
  }
  if (h.circuit === 'half-open') {
    return {
      state: 'probing',
      label: 'Circuit half-open',
      color: 'orange',
      detail: 'One request is probing whether the destination is back.',
    };
  }
  const failedAt = at(h.last_error_at);
  const succeededAt = at(h.last_success_at);
  if (!Number.isNaN(failedAt) && (Number.isNaN(succeededAt) || failedAt >= succeededAt)) {
    return {
      state: 'failing',
      label: 'Failing',
      color: 'orange',
      detail: 'The last attempt failed.',
    };
  }
  return {
    state: 'ok',
    label: 'OK',
    color: 'green',
    detail: Number.isNaN(succeededAt) ? 'Nothing delivered yet.' : 'The last attempt succeeded.',
  };
}
