import { percentile } from '../delivery/summary.js';
import type { Sent } from './sender.js';

/** Latencies of one path (POST → 200, POST → WebSocket message, POST → row in the DOM), ms. */
export interface PathStats {
  /** Events this path saw, of `sent`. */
  seen: number;
  sent: number;
  p50: number;
  p99: number;
  max: number;
}

function stats(values: readonly number[], sent: number): PathStats {
  return {
    seen: values.length,
    sent,
    p50: percentile(values, 50),
    p99: percentile(values, 99),
    max: values.length === 0 ? Number.NaN : Math.max(...values),
  };
}

/** Matches each sent event with the time `arrivals` first saw its marker. */
export const pathStats = (
  sent: readonly Sent[],
  arrivals: ReadonlyMap<string, number>,
): PathStats =>
  stats(
    sent.flatMap((s) => {
      const at = arrivals.get(s.marker);
      return at === undefined ? [] : [at - s.sentAt];
    }),
    sent.length,
  );

/** Per event seen by both: `later` − `earlier` (what the page adds to the WebSocket message). */
export const deltaStats = (
  sent: readonly Sent[],
  later: ReadonlyMap<string, number>,
  earlier: ReadonlyMap<string, number>,
): PathStats =>
  stats(
    sent.flatMap((s) => {
      const [a, b] = [later.get(s.marker), earlier.get(s.marker)];
      return a === undefined || b === undefined ? [] : [a - b];
    }),
    sent.length,
  );

/** POST → 200, from the sender's own records. */
export const ackStats = (sent: readonly Sent[]): PathStats =>
  pathStats(
    sent,
    new Map(sent.flatMap((s) => (s.ackAt === undefined ? [] : [[s.marker, s.ackAt]]))),
  );

/** The page's long tasks (main thread busy over 50 ms: input waits) during a run. */
export interface PageBusy {
  count: number;
  /** Summed duration, ms, and its share of the run. */
  totalMs: number;
  share: number;
  maxMs: number;
}

/** Long tasks (`[start, duration]`) that started within [from, to]. */
export function pageBusy(
  tasks: ReadonlyArray<[number, number]>,
  from: number,
  to: number,
): PageBusy {
  const within = tasks.filter(([start]) => start >= from && start <= to).map(([, d]) => d);
  const totalMs = within.reduce((sum, d) => sum + d, 0);
  return {
    count: within.length,
    totalMs,
    share: to > from ? totalMs / (to - from) : 0,
    maxMs: within.length === 0 ? 0 : Math.max(...within),
  };
}

export interface RateFigure {
  perSecond: number;
  /** Events per second actually sent (the schedule may slip on a busy machine). */
  achieved: number;
  ack: PathStats;
  /** The baseline over every event. */
  ws: PathStats;
  screen: PathStats;
  /**
   * The baseline over the events that reached the DOM only. The virtualized table renders the
   * top rows: of a burst, the newest (least delayed) rows show and the older ones are pushed
   * below the fold unrendered, so screen and baseline compare on the same events.
   */
  wsOnScreen: PathStats;
  /** Row in the DOM − WebSocket message, per event. */
  extra: PathStats;
  /** From the first send to the last row seen on screen. */
  busy: PageBusy;
}

/** The figures of one rate from the sender's records and both observers' first sightings. */
export function rateFigure(
  perSecond: number,
  sent: readonly Sent[],
  ws: ReadonlyMap<string, number>,
  screen: ReadonlyMap<string, number>,
  longTasks: ReadonlyArray<[number, number]>,
): RateFigure {
  const first = sent[0]?.sentAt ?? 0;
  const last = sent.at(-1)?.sentAt ?? 0;
  const lastOnScreen = Math.max(last, ...sent.map((s) => screen.get(s.marker) ?? 0));
  return {
    perSecond,
    achieved: sent.length / ((last - first) / 1000 + 1 / perSecond),
    ack: ackStats(sent),
    ws: pathStats(sent, ws),
    screen: pathStats(sent, screen),
    wsOnScreen: pathStats(
      sent.filter((s) => screen.has(s.marker)),
      ws,
    ),
    extra: deltaStats(sent, screen, ws),
    busy: pageBusy(longTasks, first, lastOnScreen),
  };
}

const ms = (x: number): string => (Number.isNaN(x) ? '—' : Math.round(x).toLocaleString('en-US'));
const ratio = (a: number, b: number): string =>
  Number.isNaN(a) || Number.isNaN(b) || b <= 0 ? '—' : `${(a / b).toFixed(1)}×`;

/** The result table, in Markdown (it reads as plain text too). */
export function latencyTable(figures: readonly RateFigure[]): string {
  const rows = [
    '| rate (achieved) | path | events | p50 ms | p99 ms | max ms |',
    '| --------------- | ---- | -----: | -----: | -----: | -----: |',
  ];
  for (const f of figures) {
    const rate = `${f.perSecond}/s (${Math.round(f.achieved)}/s)`;
    const line = (label: string, p: PathStats): string =>
      `| ${rate} | ${label} | ${p.seen}/${p.sent} | ${ms(p.p50)} | ${ms(p.p99)} | ${ms(p.max)} |`;
    rows.push(
      line('POST → 200 (stored)', f.ack),
      line('POST → `events` message at a ws client (baseline)', f.ws),
      line('POST → row in the page (DOM)', f.screen),
      line('POST → ws message, the events that reached the DOM', f.wsOnScreen),
      line('row in the DOM − ws message, per event', f.extra),
      `| ${rate} | screen ÷ baseline, same events | | ${ratio(f.screen.p50, f.wsOnScreen.p50)} | ` +
        `${ratio(f.screen.p99, f.wsOnScreen.p99)} | |`,
    );
  }
  rows.push(
    '',
    '| rate | page long tasks (> 50 ms) | main thread in them | longest ms |',
    '| ---- | ------------------------: | ------------------: | ---------: |',
    ...figures.map(
      (f) =>
        `| ${f.perSecond}/s | ${f.busy.count} | ${ms(f.busy.totalMs)} ms (${(f.busy.share * 100).toFixed(1)} %) | ${ms(f.busy.maxMs)} |`,
    ),
  );
  return rows.join('\n');
}
