import type pg from 'pg';
import { median } from '../harness/stats.js';
import type { AerieDatabase, AerieDist, TeamScope } from './aerie-dist.js';
import type { ApiCall, Picks } from './calls.js';
import { SEED_TABLE } from './fill.sql.js';
import { measureRls, transactionCost, type RlsCallResult } from './rls.js';
import {
  createTeamReaders,
  measureTenantCall,
  ratioToAdmin,
  tenantTeams,
  type Reader,
  type TeamSpec,
  type TenantCallResult,
} from './tenant.js';
import { rlsPlans, rlsTable, tenantTable } from './tenant-summary.js';

/** The tenant section of the query benchmark: set-up before the fill, measurement after it. */

export interface Team extends TeamSpec {
  scope: TeamScope;
  patterns: string[];
  /** Share of the seed rows (≈ of the table) the team sees. */
  share: number;
}

/**
 * Chooses the teams from the seed (still in place: call before the fill), computes the share of
 * rows each sees with Aerie's own scope condition, and creates teams and tokens through the API.
 */
export async function prepareTenants(
  client: pg.Client,
  dist: AerieDist,
  baseUrl: string,
  adminToken: string,
  picks: Picks,
  glob: string,
): Promise<{ teams: Team[]; readers: Reader[] }> {
  const { rows } = await client.query<{ v: string }>(
    `SELECT cluster AS v FROM ${SEED_TABLE} WHERE cluster IS NOT NULL
     GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`,
  );
  const specs = tenantTeams({
    namespaceCommon: picks.namespaceCommon,
    namespaceRare: picks.namespaceRare,
    glob,
    clusterTop: rows[0]?.v ?? '*',
  });
  const teams: Team[] = [];
  for (const spec of specs) {
    const scope = dist.scopeOfTeams([spec]);
    const condition = dist.scopeCondition(scope, 'e');
    const { rows: share } = await client.query<{ s: number }>(
      `SELECT (count(*) FILTER (WHERE ${condition.sql ?? 'true'}))::float8
         / greatest(count(*), 1) AS s FROM ${SEED_TABLE} e`,
      condition.params,
    );
    teams.push({ ...spec, scope, patterns: dist.scopePatterns(scope), share: share[0]?.s ?? 0 });
  }
  const readers = await createTeamReaders(baseUrl, adminToken, specs);
  return { teams, readers };
}

export interface TenantReport {
  http: TenantCallResult[];
  sql: RlsCallResult[];
  transaction: { plainMs: number; tenantMs: number };
  /** Markdown: teams, HTTP ratios, SQL variants. */
  tables: string;
  /** Markdown: every SQL variant's plan. */
  plans: string;
}

export async function runTenantSection(
  ctx: {
    dist: AerieDist;
    db: AerieDatabase;
    baseUrl: string;
    admin: Reader;
    teams: Team[];
    readers: Reader[];
    runs: number;
    /** Teams compared in SQL (indexes into teams). */
    sqlTeams: number[];
    log: (line: string) => void;
  },
  calls: readonly ApiCall[],
): Promise<TenantReport> {
  const { teams, log } = ctx;
  log(
    `teams: ${teams.map((t) => `${t.label} (${(t.share * 100).toFixed(2)} % of rows)`).join('; ')}`,
  );
  const http: TenantCallResult[] = [];
  for (const call of calls.filter((c) => c.tenant === true)) {
    const result = await measureTenantCall(call, [ctx.admin, ...ctx.readers], {
      baseUrl: ctx.baseUrl,
      runs: ctx.runs,
      slowMs: 10_000,
      slowRuns: 3,
      timeoutMs: 120_000,
    });
    http.push(result);
    log(
      `tenant ${call.name.padEnd(50)} ` +
        result.readers
          .slice(1)
          .map((r, i) =>
            r.runsMs.length === 0
              ? `${r.reader}: ${r.failure ?? '—'}`
              : `${r.reader}: ×${ratioToAdmin(result, i + 1).toFixed(2)}`,
          )
          .join('  '),
    );
  }

  const transaction = await transactionCost(ctx.db, teams[0]?.patterns ?? [], 200);
  log(
    `SELECT 1: ${transaction.plainMs.toFixed(2)} ms alone, ${transaction.tenantMs.toFixed(2)} ms ` +
      `in a tenant transaction`,
  );
  const sql: RlsCallResult[] = [];
  for (const call of calls.filter((c) => c.rls === true)) {
    for (const index of ctx.sqlTeams) {
      const team = teams[index];
      if (!team) continue;
      const result = await measureRls(ctx.dist.EventsRepository, ctx.db, call, team, {
        runs: ctx.runs,
        slowMs: 5_000,
        slowRuns: 1,
      });
      sql.push(result);
      log(
        `sql ${call.name.padEnd(40)} ${team.label.padEnd(16)} ` +
          result.variants
            .map(
              (v) =>
                `${v.variant} ${v.runsMs.length > 0 ? `${Math.round(median(v.runsMs))} ms` : (v.failure ?? '—').slice(0, 30)}`,
            )
            .join(', '),
      );
    }
  }

  const teamLines = teams
    .map(
      (t) =>
        `| ${t.label} | \`${JSON.stringify(t.namespaces)}\`${t.cluster_wide ? ', cluster_wide' : ''} | ` +
        `${(t.share * 100).toFixed(2)} % |`,
    )
    .join('\n');
  const tables =
    `| team | selectors | share of rows |\n| --- | --- | ---: |\n${teamLines}\n\n` +
    `${tenantTable(http)}\n\n` +
    `SELECT 1 alone ${transaction.plainMs.toFixed(2)} ms, in a tenant transaction ` +
    `${transaction.tenantMs.toFixed(2)} ms (medians of 200)\n\n${rlsTable(sql)}`;
  return { http, sql, transaction, tables, plans: rlsPlans(sql) };
}
