/** Prometheus label names: `[a-zA-Z_][a-zA-Z0-9_]*`; `__` prefixes are reserved for internal use. */
const VALID = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * A Prometheus label name from any text (`k8s.ns.name` → `k8s_ns_name`, `proc.aname[2]` →
 * `proc_aname_2`): invalid characters become `_`, runs of `_` collapse, a leading digit gets a
 * `_`, and the reserved `__` prefix is reduced to one `_`.
 */
export function labelName(text: string): string {
  if (VALID.test(text) && !text.startsWith('__')) return text;
  let name = text.replace(/[^a-zA-Z0-9_]/g, '_').replace(/_+/g, '_');
  if (name === '' || name === '_') return 'label';
  if (/^[0-9]/.test(name)) name = `_${name}`;
  return name.replace(/_$/, '') || 'label';
}

export function isLabelName(text: string): boolean {
  return VALID.test(text);
}
