export interface Throttled {
  /** Asks for a run: now if the last one is at least `ms` old, else once when it will be. */
  call(): void;
  cancel(): void;
}

/**
 * At most one run of `fn` per `ms`, and never a request lost: a burst of calls becomes one run at
 * the end of the period. The period starts at creation, because the caller has just loaded.
 */
export function throttle(fn: () => void, ms: number, now: () => number = Date.now): Throttled {
  let last = now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = (): void => {
    timer = undefined;
    last = now();
    fn();
  };
  return {
    call() {
      if (timer !== undefined) return;
      const wait = last + ms - now();
      if (wait <= 0) run();
      else timer = setTimeout(run, wait);
    },
    cancel() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
