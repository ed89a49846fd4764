import type { RawQuery } from '@aerie/contracts';
import { median } from '../harness/stats.js';
import {
  ALL,
  type AerieDatabase,
  type QueryDatabase,
  type QueryLayer,
  type TeamScope,
} from './aerie-dist.js';
import type { ApiCall } from './calls.js';
import { captureStatements, type Statement } from './capture.js';
import { renderPlan, summarisePlan, type ExplainResult, type PlanSummary } from './plan.js';

/**
 * Separates the two walls of a tenant read, in SQL, on Aerie's own Database handle (so every
 * variant pays the same client and pool costs):
 *
 *   admin      the admin's statements (no scope), Database.query
 *   where      the team's statements (scope condition in WHERE), Database.query as the owner: no RLS
 *   rls        the admin's statements inside Database.asTenant: row-level security alone
 *   where+rls  the team's statements inside Database.asTenant: what the API runs for the team
 *
 * (where+rls) ÷ where is the price of the RLS wall, transaction included; where ÷ admin that of
 * narrowing the query. EXPLAIN ANALYZE of each shows which indexes survive under the policies.
 */
export const VARIANTS = ['admin', 'where', 'rls', 'where+rls'] as const;
export type Variant = (typeof VARIANTS)[number];

export interface VariantResult {
  variant: Variant;
  runsMs: number[];
  /** Why it stopped (e.g. the 30 s statement timeout). */
  failure?: string;
  /** False when the plans are EXPLAIN without ANALYZE (the variant failed, e.g. timed out). */
  analyzed: boolean;
  /** One per statement, in order. */
  plans: { label: string; summary: PlanSummary; plan: string }[];
}

export interface RlsCallResult {
  call: string;
  team: string;
  variants: VariantResult[];
}

const usesRls = (v: Variant) => v === 'rls' || v === 'where+rls';
const usesTeamSql = (v: Variant) => v === 'where' || v === 'where+rls';

/** Runs statements one after the other, as the query layer does on its one tenant connection. */
async function runAll(
  db: AerieDatabase,
  variant: Variant,
  statements: readonly Statement[],
  patterns: readonly string[],
  prefix = '',
): Promise<Record<string, unknown>[][]> {
  const each = async (query: QueryDatabase['query']) => {
    const out: Record<string, unknown>[][] = [];
    for (const s of statements) out.push(await query(`${prefix}${s.sql}`, s.params));
    return out;
  };
  return usesRls(variant)
    ? db.asTenant(patterns, each)
    : each((sql, params) => db.query(sql, params));
}

export interface RlsOptions {
  runs: number;
  slowMs: number;
  slowRuns: number;
}

/** Times the four variants of one call for one team (interleaved rounds), then EXPLAINs each. */
export async function measureRls(
  Layer: new (db: QueryDatabase) => QueryLayer,
  db: AerieDatabase,
  call: ApiCall,
  team: { label: string; scope: TeamScope; patterns: string[] },
  opts: RlsOptions,
): Promise<RlsCallResult> {
  if (call.followCursors !== undefined) throw new Error('cursor calls are not compared in SQL');
  const raw: RawQuery = { ...call.params };
  // The statements the layer runs for each reader (capturing runs them once: a first warm-up).
  const adminSql = await captureStatements(Layer, db, call.endpoint, raw, ALL);
  const teamSql = await captureStatements(Layer, db, call.endpoint, raw, team.scope);
  const results: VariantResult[] = VARIANTS.map((variant) => ({
    variant,
    runsMs: [],
    analyzed: true,
    plans: [],
  }));
  const once = async (r: VariantResult): Promise<number | undefined> => {
    const started = performance.now();
    try {
      await runAll(db, r.variant, usesTeamSql(r.variant) ? teamSql : adminSql, team.patterns);
      return performance.now() - started;
    } catch (err) {
      r.failure = err instanceof Error ? err.message : String(err);
      return undefined;
    }
  };
  let slowest = 0;
  for (const r of results) slowest = Math.max(slowest, (await once(r)) ?? 0);
  const runs = slowest > opts.slowMs ? opts.slowRuns : opts.runs;
  for (let round = 0; round < runs; round++) {
    for (const r of results) {
      if (r.failure !== undefined) continue;
      const ms = await once(r);
      if (ms !== undefined) r.runsMs.push(ms);
    }
  }
  for (const r of results) {
    const statements = usesTeamSql(r.variant) ? teamSql : adminSql;
    // A variant that failed (timed out) still shows the plan it would have run.
    r.analyzed = r.failure === undefined;
    const explained = await runAll(
      db,
      r.variant,
      statements,
      team.patterns,
      r.analyzed ? 'EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ' : 'EXPLAIN (FORMAT JSON) ',
    );
    r.plans = explained.map((rows, i) => {
      const result = (rows[0]?.['QUERY PLAN'] as ExplainResult[] | undefined)?.[0];
      if (!result) throw new Error(`no plan for ${call.name}`);
      return {
        label: statements[i]?.label ?? '?',
        summary: summarisePlan(result),
        plan: renderPlan(result),
      };
    });
  }
  return { call: call.name, team: team.label, variants: results };
}

/** Median of round-by-round a ÷ b; NaN when either was not measured. */
export function variantRatio(result: RlsCallResult, a: Variant, b: Variant): number {
  const x = result.variants.find((v) => v.variant === a)?.runsMs ?? [];
  const y = result.variants.find((v) => v.variant === b)?.runsMs ?? [];
  const n = Math.min(x.length, y.length);
  return median(Array.from({ length: n }, (_, i) => (x[i] as number) / (y[i] as number)));
}

/**
 * The fixed cost of a tenant read: `SELECT 1` alone vs inside Database.asTenant (BEGIN READ ONLY,
 * set_config of scope and role, COMMIT: three more round trips). Medians in ms.
 */
export async function transactionCost(
  db: AerieDatabase,
  patterns: readonly string[],
  runs: number,
): Promise<{ plainMs: number; tenantMs: number }> {
  const plain: number[] = [];
  const tenant: number[] = [];
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    await db.query('SELECT 1');
    plain.push(performance.now() - t);
    t = performance.now();
    await db.asTenant(patterns, (q) => q('SELECT 1'));
    tenant.push(performance.now() - t);
  }
  return { plainMs: median(plain), tenantMs: median(tenant) };
}
