import { REFRESH_MS } from '../../shared/refresh';
import { usePolling, type Polled } from '../../shared/use-polling';

export interface Health {
  /** `GET /readyz` answered 200: the database is reachable and ingest accepts events. */
  ready: boolean;
  status: number;
}

async function loadHealth(signal: AbortSignal): Promise<Health> {
  const res = await fetch('/readyz', { signal });
  await res.body?.cancel();
  return { ready: res.ok, status: res.status };
}

export function useHealth(): Polled<Health> {
  return usePolling(loadHealth, REFRESH_MS);
}
