import { useEffect, useRef } from 'react';

/** Whether the focused element takes this key itself (typing; Enter on a button or link). */
function ownsKey(target: EventTarget | null, key: string): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.closest('textarea, select') !== null) return true;
  if (target instanceof HTMLInputElement) {
    // A focused checkbox or radio must not swallow j and k.
    return key === 'Enter' || !['checkbox', 'radio', 'button'].includes(target.type);
  }
  return key === 'Enter' && target.closest('button, a, [role="button"]') !== null;
}

/**
 * The list pages' keys: j / k move the row cursor, Enter opens the row under it (Esc is the
 * drawer's own). Ignored while the user types, with a modifier held, and Enter is left to a
 * focused button or link. The handlers may change every render.
 */
export function useRowKeys(handlers: { onMove: (delta: 1 | -1) => void; onOpen: () => void }) {
  const latest = useRef(handlers);
  latest.current = handlers;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
      if (event.key !== 'j' && event.key !== 'k' && event.key !== 'Enter') return;
      if (ownsKey(event.target, event.key)) return;
      event.preventDefault();
      if (event.key === 'Enter') latest.current.onOpen();
      else latest.current.onMove(event.key === 'j' ? 1 : -1);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
