import { median } from './stats.js';
import type { WrkResult } from './wrk.js';

/** One measured run of one target in one mode, with its durability check. */
export interface RunRecord {
  mode: string;
  target: string;
  round: number;
  wrk: WrkResult;
  /** Rows the run added to the target's database once in-flight batches settled. */
  stored: number;
  /** Events acknowledged with 200 but missing from the table: must be 0. */
  lost: number;
  /** Stored but never acknowledged: requests in flight when wrk stopped (bounded by connections). */
  unacknowledged: number;
  durable: boolean;
}

export const eventsPerSecond = (r: RunRecord): number => r.wrk.events / (r.wrk.durationUs / 1e6);

export function formatRun(r: RunRecord): string {
  const w = r.wrk;
  return (
    `round ${r.round} ${r.mode.padEnd(6)} ${r.target.padEnd(8)} ` +
    `${Math.round(eventsPerSecond(r)).toString().padStart(7)} events/s  ` +
    `p50 ${ms(w.p50Us)} p99 ${ms(w.p99Us)}  200s ${w.ok} non-200 ${w.other} ` +
    `socket errors ${w.socketErrors} timeouts ${w.timeouts}  ` +
    `stored ${r.stored} (lost ${r.lost}, in flight at cut-off ${r.unacknowledged}) ${r.durable ? 'OK' : 'FAILED'}`
  );
}

export interface ModeSummary {
  mode: string;
  target: string;
  eventsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non200: number;
  lost: number;
}

/** Medians over rounds, per mode and target. */
export function summarise(records: readonly RunRecord[]): ModeSummary[] {
  const keys = [...new Set(records.map((r) => `${r.mode}\u0000${r.target}`))];
  return keys.map((key) => {
    const [mode = '', target = ''] = key.split('\u0000');
    const runs = records.filter((r) => r.mode === mode && r.target === target);
    return {
      mode,
      target,
      eventsPerSecond: median(runs.map(eventsPerSecond)),
      p50Ms: median(runs.map((r) => r.wrk.p50Us / 1000)),
      p99Ms: median(runs.map((r) => r.wrk.p99Us / 1000)),
      non200: runs.reduce((s, r) => s + r.wrk.other, 0),
      lost: runs.reduce((s, r) => s + r.lost, 0),
    };
  });
}

/** Aerie ÷ baseline per round (same conditions), and its median. */
export function roundRatios(
  records: readonly RunRecord[],
  mode: string,
  a: string,
  b: string,
): number[] {
  const rounds = [...new Set(records.filter((r) => r.mode === mode).map((r) => r.round))];
  return rounds.flatMap((round) => {
    const ra = records.find((r) => r.mode === mode && r.round === round && r.target === a);
    const rb = records.find((r) => r.mode === mode && r.round === round && r.target === b);
    return ra && rb ? [eventsPerSecond(ra) / eventsPerSecond(rb)] : [];
  });
}

export function markdownTable(
  summaries: readonly ModeSummary[],
  ratios: ReadonlyMap<string, number[]>,
): string {
  const lines = [
    '| mode | server | events/s durably stored (median) | p50 ms | p99 ms | non-200 | lost |',
    '|---|---|---:|---:|---:|---:|---:|',
    ...summaries.map(
      (s) =>
        `| ${s.mode} | ${s.target} | ${Math.round(s.eventsPerSecond)} | ${s.p50Ms.toFixed(2)} | ${s.p99Ms.toFixed(2)} | ${s.non200} | ${s.lost} |`,
    ),
    '',
    '| mode | Aerie ÷ baseline (median of per-round ratios) | per round |',
    '|---|---:|---|',
    ...[...ratios].map(
      ([mode, rs]) => `| ${mode} | ${pct(median(rs))} | ${rs.map(pct).join(', ')} |`,
    ),
  ];
  return lines.join('\n');
}

const ms = (us: number) => `${(us / 1000).toFixed(2)} ms`;
const pct = (x: number) => `${(x * 100).toFixed(0)} %`;
