import type { Issue } from '@aerie/contracts';

/** Issues sorted out for a generated form: one message per field key, the rest for the form. */
export interface PlacedIssues {
  fields: Record<string, string>;
  other: string[];
}

export const NO_PLACED_ISSUES: PlacedIssues = { fields: {}, other: [] };

type Segment = string | number;

const TOKEN = /\.?([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/y;

/** `config.headers["X-A"]` → `['config', 'headers', 'X-A']` (the server's `formatPath`). */
export function parseIssuePath(field: string): Segment[] | undefined {
  const out: Segment[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < field.length) {
    const m = TOKEN.exec(field);
    if (!m) return undefined;
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else out.push(JSON.parse(m[3]!) as string);
  }
  return out;
}

function describeRest(rest: readonly Segment[], lines: boolean): string {
  return rest
    .map((s, i) => {
      if (typeof s === 'number') return lines && i === 0 ? `line ${s + 1}` : `[${s}]`;
      return /^[A-Za-z_][A-Za-z0-9_]*$/.test(s) ? `${i === 0 ? '' : '.'}${s}` : JSON.stringify(s);
    })
    .join('');
}

/**
 * Puts each issue on the deepest field whose key starts its path: `config.hosts[1]` on
 * `config.hosts` as "line 2: …" (list and map boxes are edited by lines), `route.rules[0]` on
 * `route` as "rules[0]: …". Issues naming no field (`(body)`) are for the form as a whole.
 */
export function placeIssues(
  issues: readonly Issue[],
  fields: ReadonlyArray<{ key: string; lines?: boolean }>,
): PlacedIssues {
  const byKey = new Map(fields.map((f) => [f.key, f.lines ?? false]));
  const found: Record<string, string[]> = {};
  const other: string[] = [];
  for (const issue of issues) {
    const path = parseIssuePath(issue.field) ?? [];
    let placed = false;
    for (let n = path.length; n > 0 && !placed; n--) {
      const head = path.slice(0, n);
      if (!head.every((s) => typeof s === 'string')) continue;
      const key = head.join('.');
      const lines = byKey.get(key);
      if (lines === undefined) continue;
      const rest = describeRest(path.slice(n), lines);
      (found[key] ??= []).push(rest ? `${rest}: ${issue.message}` : issue.message);
      placed = true;
    }
    if (!placed) {
      other.push(issue.field === '(body)' ? issue.message : `${issue.field}: ${issue.message}`);
    }
  }
  return {
    fields: Object.fromEntries(Object.entries(found).map(([k, m]) => [k, m.join('; ')])),
    other,
  };
}
