import { median } from '../harness/stats.js';
import { variantRatio, type RlsCallResult, type VariantResult } from './rls.js';
import { ratioToAdmin, type TenantCallResult } from './tenant.js';

/** Tables of the tenant section: HTTP ratios per team, and the SQL variants with their plans. */

const fmtMs = (ms: number) => (Number.isNaN(ms) ? '—' : ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));
const fmtRatio = (r: number) => (Number.isNaN(r) ? '—' : `×${r.toFixed(2)}`);
const cell = (s: string) => s.replace(/\|/g, '\\|');

/** One row per call: the admin's median, then each team's ratio to it (median ms, rows). */
export function tenantTable(results: readonly TenantCallResult[]): string {
  const teams = results[0]?.readers.slice(1).map((r) => r.reader) ?? [];
  const lines = [
    `| call | admin ms (rows) | ${teams.map(cell).join(' | ')} |`,
    `| --- | ---: | ${teams.map(() => '---:').join(' | ')} |`,
  ];
  for (const result of results) {
    const admin = result.readers[0];
    const adminCell = admin?.failure
      ? cell(admin.failure)
      : `${fmtMs(median(admin?.runsMs ?? []))} (${admin?.rows ?? 0})`;
    const teamCells = result.readers.slice(1).map((r, i) => {
      const pages =
        r.cursors !== undefined && r.cursors !== admin?.cursors ? `, page ${r.cursors + 1}` : '';
      if (r.runsMs.length === 0) return cell(r.failure ?? 'not measured');
      const failed = r.failure !== undefined ? `, then ${r.failure.slice(0, 3)}` : '';
      return `${fmtRatio(ratioToAdmin(result, i + 1))} (${fmtMs(median(r.runsMs))} ms, ${r.rows}${pages}${failed})`;
    });
    lines.push(`| ${cell(result.name)} | ${adminCell} | ${teamCells.join(' | ')} |`);
  }
  return lines.join('\n');
}

function access(v: VariantResult | undefined): string {
  if (!v) return '';
  const parts = v.plans.map((p) =>
    v.plans.length === 1
      ? p.summary.access.join(' + ')
      : `${p.label}: ${p.summary.access.join(' + ')}`,
  );
  return `${parts.join('; ')}${v.analyzed ? '' : ' (plan only)'}`;
}

function rowsRead(v: VariantResult | undefined): string {
  if (!v || !v.analyzed) return '—';
  return v.plans.reduce((s, p) => s + p.summary.eventsRowsRead, 0).toLocaleString('en-US');
}

/** One row per call and team: the four SQL variants as ratios to admin, and their access paths. */
export function rlsTable(results: readonly RlsCallResult[]): string {
  const lines = [
    '| call | team | admin ms | where ÷ admin | rls ÷ admin | where+rls ÷ admin | **where+rls ÷ where** | rows read: admin / where / rls / where+rls | where: access | where+rls: access |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |',
  ];
  for (const r of results) {
    const v = (name: string) => r.variants.find((x) => x.variant === name);
    const ratio = (a: 'where' | 'rls' | 'where+rls', b: 'admin' | 'where') => {
      const failure = v(a)?.failure;
      return failure !== undefined && (v(a)?.runsMs.length ?? 0) === 0
        ? cell(failure.slice(0, 40))
        : fmtRatio(variantRatio(r, a, b));
    };
    lines.push(
      `| ${cell(r.call)} | ${cell(r.team)} | ${fmtMs(median(v('admin')?.runsMs ?? []))} | ` +
        `${ratio('where', 'admin')} | ${ratio('rls', 'admin')} | ${ratio('where+rls', 'admin')} | ` +
        `**${ratio('where+rls', 'where')}** | ` +
        `${['admin', 'where', 'rls', 'where+rls'].map((n) => rowsRead(v(n))).join(' / ')} | ` +
        `${cell(access(v('where')))} | ${cell(access(v('where+rls')))} |`,
    );
  }
  return lines.join('\n');
}

/** The plans of every variant, for the plans file. */
export function rlsPlans(results: readonly RlsCallResult[]): string {
  return results
    .map(
      (r) =>
        `### ${r.call} — team ${r.team}\n\n` +
        r.variants
          .map(
            (v) =>
              `${v.variant}${v.failure !== undefined ? ` (failed: ${v.failure})` : ''}:\n` +
              v.plans.map((p) => `${p.label}:\n\`\`\`\n${p.plan}\n\`\`\`\n`).join(''),
          )
          .join('\n'),
    )
    .join('\n');
}
