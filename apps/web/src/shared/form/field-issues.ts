import { formatPath, type Issue } from '@aerie/contracts';
import type { Schema } from '../api';

/** Issues sorted out for a form: one message per field it shows, the rest for the form as a whole. */
export interface FormIssues<F extends string> {
  fields: Partial<Record<F, string>>;
  other: string[];
}

export const NO_ISSUES: FormIssues<never> = { fields: {}, other: [] };

/** `teams[2].name` → root `teams`, index 2. */
const FIELD = /^([A-Za-z_][A-Za-z0-9_]*)(?:\[(\d+)\])?/;

/**
 * Puts each issue next to the field it names (`namespaces[1]` belongs to `namespaces`);
 * `itemLabel` says which item of a list field was wrong ("line 2"). Issues naming no field of
 * the form (`(body)`, a field it does not show) are kept for the form's own error line.
 */
export function mapIssues<F extends string>(
  issues: readonly Issue[],
  fields: readonly F[],
  itemLabel: (field: F, index: number) => string = (_f, i) => `item ${i + 1}`,
): FormIssues<F> {
  const byField: Partial<Record<F, string[]>> = {};
  const other: string[] = [];
  for (const issue of issues) {
    const m = FIELD.exec(issue.field);
    const field = fields.find((f) => f === m?.[1]);
    if (!m || !field) {
      other.push(issue.field === '(body)' ? issue.message : `${issue.field}: ${issue.message}`);
      continue;
    }
    const message =
      m[2] === undefined ? issue.message : `${itemLabel(field, Number(m[2]))}: ${issue.message}`;
    (byField[field] ??= []).push(message);
  }
  const out: Partial<Record<F, string>> = {};
  for (const f of fields) {
    const messages = byField[f];
    if (messages) out[f] = messages.join('; ');
  }
  return { fields: out, other };
}

export function hasIssues(issues: FormIssues<string>): boolean {
  return issues.other.length > 0 || Object.keys(issues.fields).length > 0;
}

/**
 * What `schema` (a contract schema, the one the server applies) finds wrong with `value`, as
 * the server would name it: the form says so at once, without a round trip.
 */
export function issuesOf(schema: Schema<unknown>, value: unknown): Issue[] {
  const parsed = schema.safeParse(value);
  if (parsed.success) return [];
  return parsed.error.issues.map((i) => ({ field: formatPath('', i.path), message: i.message }));
}
