import { median } from '../harness/stats.js';

/** Nearest-rank percentile (p in (0, 100]) of unsorted values; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export interface Delivered {
  /** Events acknowledged by the ingest but never answered 200 by the receiver. */
  missing: number;
  /** Receive time − ingest ack time, ms, per delivered event. */
  latencies: number[];
  firstAt: number;
  lastAt: number;
}

/** Matches each acknowledged event with its first 200 at the receiver. */
export function matchDeliveries(
  acks: ReadonlyMap<string, number>,
  firstOk: ReadonlyArray<[string, number]>,
): Delivered {
  const received = new Map(firstOk);
  const latencies: number[] = [];
  let missing = 0;
  let firstAt = Number.POSITIVE_INFINITY;
  let lastAt = Number.NEGATIVE_INFINITY;
  for (const [id, ackAt] of acks) {
    const at = received.get(id);
    if (at === undefined) {
      missing++;
      continue;
    }
    latencies.push(at - ackAt);
    firstAt = Math.min(firstAt, at);
    lastAt = Math.max(lastAt, at);
  }
  return { missing, latencies, firstAt, lastAt };
}

/** Events per second over a span of wall-clock ms. */
export const rate = (events: number, fromMs: number, toMs: number): number =>
  events / ((toMs - fromMs) / 1000);

/** One measured run of one kind in one round. */
export interface RunFigure {
  kind: string;
  round: number;
  eventsPerSecond: number;
  p50Ms?: number;
  p99Ms?: number;
}

export interface KindSummary {
  kind: string;
  eventsPerSecond: number;
  p50Ms: number | undefined;
  p99Ms: number | undefined;
  runs: number;
}

/** Medians over rounds, per kind, in first-seen order. */
export function summariseRuns(runs: readonly RunFigure[]): KindSummary[] {
  const kinds = [...new Set(runs.map((r) => r.kind))];
  return kinds.map((kind) => {
    const of = runs.filter((r) => r.kind === kind);
    const opt = (xs: Array<number | undefined>) => {
      const defined = xs.filter((x): x is number => x !== undefined);
      return defined.length > 0 ? median(defined) : undefined;
    };
    return {
      kind,
      eventsPerSecond: median(of.map((r) => r.eventsPerSecond)),
      p50Ms: opt(of.map((r) => r.p50Ms)),
      p99Ms: opt(of.map((r) => r.p99Ms)),
      runs: of.length,
    };
  });
}

/** a ÷ b in each round where both ran. */
export function perRoundRatios(runs: readonly RunFigure[], a: string, b: string): number[] {
  const rounds = [...new Set(runs.map((r) => r.round))];
  return rounds.flatMap((round) => {
    const ra = runs.find((r) => r.kind === a && r.round === round);
    const rb = runs.find((r) => r.kind === b && r.round === round);
    return ra && rb ? [ra.eventsPerSecond / rb.eventsPerSecond] : [];
  });
}

export const pct = (x: number): string => `${(x * 100).toFixed(0)} %`;
const num = (x: number | undefined, digits = 0): string =>
  x === undefined || Number.isNaN(x) ? '—' : x.toFixed(digits);

export function runsTable(summaries: readonly KindSummary[]): string {
  return [
    '| run | events/s (median) | delivery latency p50 ms | p99 ms | rounds |',
    '|---|---:|---:|---:|---:|',
    ...summaries.map(
      (s) =>
        `| ${s.kind} | ${num(s.eventsPerSecond)} | ${num(s.p50Ms)} | ${num(s.p99Ms)} | ${s.runs} |`,
    ),
  ].join('\n');
}

export function ratiosTable(ratios: ReadonlyArray<[string, number[]]>): string {
  return [
    '| ratio | median of per-round ratios | per round |',
    '|---|---:|---|',
    ...ratios.map(([name, rs]) => `| ${name} | ${pct(median(rs))} | ${rs.map(pct).join(', ')} |`),
  ].join('\n');
}

/** One backlog drain after an outage. */
export interface DrainFigure {
  concurrency: number;
  events: number;
  /** Ingest rate while the receiver was down (the output's circuit open most of the time). */
  ingestPerSecond: number;
  /** Attempts answered 503 during the outage. */
  refused: number;
  outageMs: number;
  /** From the receiver coming back to its first 200. */
  firstAfterUpMs: number;
  /** From the receiver coming back until every event was received. */
  totalMs: number;
  /** Events per second from the first to the last event received. */
  drainPerSecond: number;
  duplicates: number;
  missing: number;
}

export function drainTable(drains: readonly DrainFigure[]): string {
  return [
    '| concurrency | events | ingest events/s (receiver down) | outage s | 503 answers | first event after recovery s | all received after recovery s | drain events/s (first → last) | duplicates | missing |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...drains.map(
      (d) =>
        `| ${d.concurrency} | ${d.events} | ${num(d.ingestPerSecond)} | ${num(d.outageMs / 1000, 1)} | ${d.refused} | ` +
        `${num(d.firstAfterUpMs / 1000, 1)} | ${num(d.totalMs / 1000, 1)} | ${num(d.drainPerSecond)} | ` +
        `${d.duplicates} | ${d.missing} |`,
    ),
  ].join('\n');
}
