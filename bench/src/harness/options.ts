/** An integer command-line option (parseArgs gives strings), checked against its range. */
export function intOption<K extends string>(
  opts: Partial<Record<K, string | boolean | undefined>>,
  name: K,
  min: number,
  max: number,
): number {
  const v = Number(opts[name]);
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new Error(`--${name} must be an integer in [${min}, ${max}]`);
  }
  return v;
}
