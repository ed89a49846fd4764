import { median } from '../harness/stats.js';
import type { PlanSummary } from './plan.js';

/** Nearest-rank percentile (p in (0, 1]); of 7 runs, p95 is the slowest. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length)));
  return sorted[rank - 1] as number;
}

export interface StatementResult {
  label: string;
  summary: PlanSummary;
  /** Compact rendering of the plan (see renderPlan). */
  plan: string;
  sql: string;
  params: unknown[];
}

export interface CallResult {
  name: string;
  path: string;
  runsMs: number[];
  /** Items of the page, or `total` for stats. */
  rows: number;
  statements: StatementResult[];
}

export interface CallRow {
  name: string;
  medianMs: number;
  p95Ms: number;
  runs: number;
  rows: number;
  rowsRead: number;
  access: string;
}

/** How the call's statements reach events: one entry per distinct statement label. */
export function accessText(statements: readonly StatementResult[]): string {
  if (statements.length === 1) return statements[0]?.summary.access.join(' + ') ?? '';
  return statements.map((s) => `${s.label}: ${s.summary.access.join(' + ')}`).join('; ');
}

export function toRow(result: CallResult): CallRow {
  return {
    name: result.name,
    medianMs: median(result.runsMs),
    p95Ms: percentile(result.runsMs, 0.95),
    runs: result.runsMs.length,
    rows: result.rows,
    rowsRead: result.statements.reduce((s, x) => s + x.summary.eventsRowsRead, 0),
    access: accessText(result.statements),
  };
}

const fmtMs = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));
const fmtInt = (n: number) => n.toLocaleString('en-US');

export function markdownTable(rows: readonly CallRow[]): string {
  return [
    '| call | median ms | p95 ms | rows | events rows read (EXPLAIN) | index used |',
    '| --- | ---: | ---: | ---: | ---: | --- |',
    ...rows.map(
      (r) =>
        `| ${escapeCell(r.name)} | ${fmtMs(r.medianMs)} | ${fmtMs(r.p95Ms)} | ${fmtInt(r.rows)} | ` +
        `${fmtInt(r.rowsRead)} | ${escapeCell(r.access)} |`,
    ),
  ].join('\n');
}

const escapeCell = (s: string) => s.replace(/\|/g, '\\|');

export const formatBytes = (bytes: number): string => {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(v >= 100 || u === 0 ? 0 : 1)} ${units[u]}`;
};
