/**
 * Reading `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)` output: which indexes a plan used, how many
 * rows it read to return its result, and a compact text rendering for the report.
 */

/** One node of a JSON plan, as Postgres names its keys (only those read here). */
export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Scan Direction'?: string;
  'Parallel Aware'?: boolean;
  /** The planner's estimate of rows per loop (compare with Actual Rows to spot misestimates). */
  'Plan Rows'?: number;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Actual Total Time'?: number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Index Recheck'?: number;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  'Sort Method'?: string;
  'Index Cond'?: string;
  'Recheck Cond'?: string;
  Filter?: string;
  Plans?: PlanNode[];
}

/** The single element of the array EXPLAIN (FORMAT JSON) returns. */
export interface ExplainResult {
  Plan: PlanNode;
  'Planning Time'?: number;
  'Execution Time'?: number;
}

export interface PlanSummary {
  /** How each relation was reached, in plan order without repeats, e.g. `events_time_idx (backward)`. */
  access: string[];
  /** Rows the scans of `events` produced plus those their filters and rechecks threw away. */
  eventsRowsRead: number;
  /** True when some node read `events` sequentially. */
  seqScanOfEvents: boolean;
  sharedHit: number;
  sharedRead: number;
  executionMs: number;
}

const SCAN_TYPES = new Set([
  'Seq Scan',
  'Index Scan',
  'Index Only Scan',
  'Bitmap Index Scan',
  'Bitmap Heap Scan',
]);

function walk(node: PlanNode, visit: (n: PlanNode) => void): void {
  visit(node);
  for (const child of node.Plans ?? []) walk(child, visit);
}

/** How a scan node reaches its data, as shown in the report; undefined for other nodes. */
export function accessLabel(node: PlanNode): string | undefined {
  const type = node['Node Type'];
  const index = node['Index Name'];
  switch (type) {
    case 'Seq Scan':
      return `${node['Parallel Aware'] === true ? 'parallel ' : ''}seq scan ${node['Relation Name'] ?? '?'}`;
    case 'Index Scan':
      return `${index ?? '?'}${node['Scan Direction'] === 'Backward' ? ' (backward)' : ''}`;
    case 'Index Only Scan':
      return `${index ?? '?'} (index only)`;
    case 'Bitmap Index Scan':
      return `${index ?? '?'} (bitmap)`;
    default:
      return undefined;
  }
}

/**
 * Rows a scan node read: returned rows plus those removed by its filter or recheck, over all
 * loops. Postgres reports per-loop averages (parallel workers count as loops).
 */
function rowsRead(node: PlanNode): number {
  const loops = node['Actual Loops'] ?? 1;
  const per =
    (node['Actual Rows'] ?? 0) +
    (node['Rows Removed by Filter'] ?? 0) +
    (node['Rows Removed by Index Recheck'] ?? 0);
  return Math.round(per * loops);
}

export function summarisePlan(result: ExplainResult): PlanSummary {
  const access: string[] = [];
  let eventsRowsRead = 0;
  let seqScanOfEvents = false;
  walk(result.Plan, (node) => {
    const label = accessLabel(node);
    if (label !== undefined && !access.includes(label)) access.push(label);
    const type = node['Node Type'];
    // Bitmap index scans only feed their heap scan; count rows where the heap is read.
    if (
      SCAN_TYPES.has(type) &&
      type !== 'Bitmap Index Scan' &&
      (node['Relation Name'] === 'events' || node['Index Name']?.startsWith('events_'))
    ) {
      eventsRowsRead += rowsRead(node);
      if (type === 'Seq Scan') seqScanOfEvents = true;
    }
  });
  return {
    access,
    eventsRowsRead,
    seqScanOfEvents,
    sharedHit: result.Plan['Shared Hit Blocks'] ?? 0,
    sharedRead: result.Plan['Shared Read Blocks'] ?? 0,
    executionMs: result['Execution Time'] ?? Number.NaN,
  };
}

/**
 * A compact, indented rendering of a plan (node, relation/index, conditions, actual rows × loops,
 * time, buffers, estimated rows): enough to see why a query is fast or slow without the full text format.
 */
export function renderPlan(result: ExplainResult): string {
  const lines: string[] = [];
  const visit = (node: PlanNode, depth: number) => {
    const pad = '  '.repeat(depth);
    const label = accessLabel(node);
    const type = `${node['Parallel Aware'] === true ? 'Parallel ' : ''}${node['Node Type']}`;
    const what =
      node['Index Name'] !== undefined
        ? `${type}: ${label ?? node['Index Name']}`
        : node['Relation Name'] !== undefined
          ? `${type} on ${node['Relation Name']}`
          : type;
    const loops = node['Actual Loops'] ?? 1;
    const removed =
      (node['Rows Removed by Filter'] ?? 0) + (node['Rows Removed by Index Recheck'] ?? 0);
    const parts = [
      `rows=${node['Actual Rows'] ?? 0}${loops !== 1 ? `×${loops}` : ''}`,
      removed > 0 ? `removed=${Math.round(removed * loops)}` : '',
      node['Actual Total Time'] !== undefined ? `${node['Actual Total Time'].toFixed(1)} ms` : '',
      `hit=${node['Shared Hit Blocks'] ?? 0} read=${node['Shared Read Blocks'] ?? 0}`,
      node['Sort Method'] !== undefined ? `sort: ${node['Sort Method']}` : '',
      node['Plan Rows'] !== undefined ? `est=${node['Plan Rows']}` : '',
    ].filter((s) => s !== '');
    lines.push(`${pad}${what}  (${parts.join(', ')})`);
    for (const key of ['Index Cond', 'Recheck Cond', 'Filter'] as const) {
      const cond = node[key];
      if (cond !== undefined) lines.push(`${pad}    ${key}: ${truncate(cond, 160)}`);
    }
    for (const child of node.Plans ?? []) visit(child, depth + 1);
  };
  visit(result.Plan, 0);
  lines.push(
    `Planning ${(result['Planning Time'] ?? 0).toFixed(1)} ms, execution ${(result['Execution Time'] ?? 0).toFixed(1)} ms`,
  );
  return lines.join('\n');
}

const truncate = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
