/**
 * Each posted event carries a unique marker at the start of its `output`, so the page (its DOM
 * text) and the WebSocket client (the `output` of each live item) can tell which event they see.
 */
const MARKER_SOURCE = 'lb-[0-9a-f]{6}-\\d{6}';

export const markerPattern = (): RegExp => new RegExp(MARKER_SOURCE, 'g');

/** `lb-<run>-<index>`: `run` is 6 hex digits, unique per benchmark run. */
export function marker(run: string, index: number): string {
  if (!/^[0-9a-f]{6}$/.test(run)) throw new RangeError(`run must be 6 hex digits: ${run}`);
  return `lb-${run}-${String(index).padStart(6, '0')}`;
}

/** Every marker in `text`. */
export const markersIn = (text: string): string[] =>
  [...text.matchAll(markerPattern())].map((m) => m[0]);

/** The global the page script fills; read with `page.evaluate`. */
export const PAGE_GLOBAL = '__aerieLiveBench';

/**
 * Runs in the page before its own scripts (`addInitScript`): a MutationObserver that stamps
 * `performance.timeOrigin + performance.now()` — the machine's wall clock, as the Node side
 * stamps it — the first time each marker's text enters the DOM (new rows, or recycled rows of
 * the virtualized table whose text changes), and records the page's long tasks. A string, not a
 * function: bench compiles without the DOM library.
 */
export const PAGE_OBSERVER_SCRIPT = `(() => {
  const pattern = new RegExp(${JSON.stringify(MARKER_SOURCE)}, 'g');
  const seen = new Map();
  const scan = (text, at) => {
    if (!text) return;
    for (const m of text.matchAll(pattern)) if (!seen.has(m[0])) seen.set(m[0], at);
  };
  const observer = new MutationObserver((records) => {
    const at = performance.timeOrigin + performance.now();
    for (const r of records) {
      if (r.type === 'characterData') scan(r.target.data, at);
      else for (const node of r.addedNodes) scan(node.textContent, at);
    }
  });
  const start = () =>
    observer.observe(document.documentElement, { childList: true, subtree: true, characterData: true });
  if (document.documentElement) start();
  else document.addEventListener('readystatechange', start, { once: true });
  // Main-thread tasks over 50 ms (the page not answering input meanwhile), in the same clock.
  const longTasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        longTasks.push([performance.timeOrigin + e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
  window[${JSON.stringify(PAGE_GLOBAL)}] = {
    take: () => [...seen],
    longTasks: () => longTasks,
  };
})();`;
