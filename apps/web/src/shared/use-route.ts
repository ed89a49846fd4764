import { useCallback, useSyncExternalStore } from 'react';
import { parseRoute, routeHref, searchOf, type Route } from './route';

// replaceState does not fire `hashchange`: the store tells its own subscribers.
const listeners = new Set<() => void>();
function subscribe(onChange: () => void): () => void {
  listeners.add(onChange);
  window.addEventListener('hashchange', onChange);
  return () => {
    listeners.delete(onChange);
    window.removeEventListener('hashchange', onChange);
  };
}

const currentHash = (): string => window.location.hash;

function setHash(hash: string, replace: boolean): void {
  if (replace) {
    window.history.replaceState(window.history.state, '', hash);
    for (const l of [...listeners]) l();
  } else {
    window.location.hash = hash;
  }
}

/** The page the URL hash names; re-renders when it changes. */
export function useRoute(): Route {
  return parseRoute(useSyncExternalStore(subscribe, currentHash));
}

/** The current page's query (filters, time range, selection) as `URLSearchParams`. */
export function useSearch(): [
  URLSearchParams,
  (next: URLSearchParams, options?: { replace?: boolean }) => void,
] {
  const hash = useSyncExternalStore(subscribe, currentHash);
  const setSearch = useCallback((next: URLSearchParams, options: { replace?: boolean } = {}) => {
    setHash(routeHref(parseRoute(window.location.hash), next), options.replace ?? false);
  }, []);
  return [searchOf(hash), setSearch];
}

export function navigate(route: Route, search?: URLSearchParams): void {
  setHash(routeHref(route, search), false);
}
