import { pct, type KindSummary } from '../delivery/summary.js';
import { median } from '../harness/stats.js';

/** One output's figures over all rounds. */
export interface PushRow {
  type: string;
  maxBatch: number;
  /** Events per request Aerie sent end to end, per round. */
  eventsPerRequest: number[];
  /** … and draining the backlog, per round (none for syslog). */
  backlogPerRequest: number[];
  /** Medians per kind (`<type>: Aerie, until all recorded`, … `<type>: baseline`). */
  runs: KindSummary[];
  /** Aerie end to end (until all recorded) ÷ baseline, per round. */
  ratios: number[];
  /** Aerie's backlog drain ÷ baseline, per round. */
  backlogRatios: number[];
}

const num = (x: number | undefined): string =>
  x === undefined || Number.isNaN(x) ? '—' : Math.round(x).toString();
const ratio = (rs: readonly number[]): string =>
  rs.length > 0 ? `${pct(median(rs))} (${rs.map(pct).join(', ')})` : '—';

/** The summary table: one line per output, medians over rounds; ratios: median (per round). */
export function pushTable(rows: readonly PushRow[]): string {
  return [
    '| output | maxBatch | events/request end to end · backlog | Aerie end to end events/s (first POST → all recorded) | ingest events/s meanwhile | receiver side events/s | latency p50 / p99 ms | Aerie backlog drain events/s | baseline events/s | end to end ÷ baseline | backlog ÷ baseline |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r) => {
      const of = (suffix: string) => r.runs.find((k) => k.kind === `${r.type}: ${suffix}`);
      const received = of('Aerie, until last received');
      return (
        `| ${r.type} | ${num(r.maxBatch)} | ${num(median(r.eventsPerRequest))} · ${num(median(r.backlogPerRequest))} | ` +
        `${num(of('Aerie, until all recorded')?.eventsPerSecond)} | ${num(of('ingest, delivering')?.eventsPerSecond)} | ` +
        `${num(of('receiver side')?.eventsPerSecond)} | ${num(received?.p50Ms)} / ${num(received?.p99Ms)} | ` +
        `${num(of('Aerie, backlog')?.eventsPerSecond)} | ${num(of('baseline')?.eventsPerSecond)} | ` +
        `${ratio(r.ratios)} | ${ratio(r.backlogRatios)} |`
      );
    }),
  ].join('\n');
}
