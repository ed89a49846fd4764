import { useEffect, useRef, useState } from 'react';

export interface Polled<T> {
  /** The latest successful answer; kept while a later refresh fails. */
  data: T | undefined;
  /** The error of the latest attempt, cleared by the next success. */
  error: Error | undefined;
  /** When `data` was last received. */
  updatedAt: Date | undefined;
}

/**
 * Calls `load` now and then every `intervalMs` after the previous call settled (never two at
 * once). Stops on unmount. `key` restarts the cycle when what is loaded changes.
 * A stand-in until live push (WebSocket nudges) and TanStack Query arrive.
 */
export function usePolling<T>(
  load: (signal: AbortSignal) => Promise<T>,
  intervalMs: number,
  key = '',
): Polled<T> {
  const [state, setState] = useState<Polled<T>>({
    data: undefined,
    error: undefined,
    updatedAt: undefined,
  });
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async (): Promise<void> => {
      try {
        const data = await loadRef.current(controller.signal);
        if (controller.signal.aborted) return;
        setState({ data, error: undefined, updatedAt: new Date() });
      } catch (err) {
        if (controller.signal.aborted) return;
        const error = err instanceof Error ? err : new Error(String(err));
        setState((prev) => ({ ...prev, error }));
      }
      timer = setTimeout(() => void tick(), intervalMs);
    };
    void tick();
    return () => {
      controller.abort();
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [intervalMs, key]);

  return state;
}
