/** A rule `output` template cut into literal text and field references. */
export type TemplatePart = { text: string } | { field: string };

// `%proc.name`, `%proc.aname[2]`, `%jevt.value[/requestObject/spec]`, `%(user.name)`.
// A field name never ends with a dot: `(user=%user.name.)` ends the sentence, not the field.
const PLACEHOLDER =
  /%\(([A-Za-z_][\w.]*?(?:\[[^\]]*\])?)\)|%([A-Za-z_][\w.]*?(?:\[[^\]]*\])?)(?=\.?(?:[^\w.[]|$))/g;

export function parseTemplate(output: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let last = 0;
  for (const m of output.matchAll(PLACEHOLDER)) {
    const field = m[1] ?? m[2];
    if (field === undefined) continue;
    if (m.index > last) parts.push({ text: output.slice(last, m.index) });
    parts.push({ field });
    last = m.index + m[0].length;
  }
  if (last < output.length) parts.push({ text: output.slice(last) });
  return parts;
}

/** `proc.aname[2]` → `{ name: 'proc.aname', arg: '2' }`. */
export function splitField(field: string): { name: string; arg: string | undefined } {
  const open = field.indexOf('[');
  if (open < 0) return { name: field, arg: undefined };
  return { name: field.slice(0, open), arg: field.slice(open + 1, -1) };
}
