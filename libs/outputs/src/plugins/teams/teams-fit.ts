/** How much of an event a card shows. */
export interface CardPlan {
  /** Output fields shown, from the start of the sorted list. */
  fields: number;
  /** UTF-16 units of output text (0: none). */
  outputMax: number;
  /** Whether the key facts (priority, host, cluster…) are shown. */
  summary: boolean;
  titleMax: number;
}

export const OUTPUT_MAX = 4000;
export const TITLE_MAX = 400;
const LAST_RESORT_TITLE = 100;

/**
 * The richest body that stays under `budget` bytes of UTF-8: Teams refuses larger messages with
 * 413 (documented 28 KB, seen near 20 KB, NOTES.md §2). Detail is given up in order — output
 * fields from the end, then output text, then the key facts, then most of the title — so the most
 * useful part of an alert always arrives. Sizes grow with each knob, so each is found by bisection.
 */
export function fitToBytes(
  build: (plan: CardPlan) => string,
  fieldCount: number,
  budget: number,
): string {
  const fits = (plan: CardPlan) => Buffer.byteLength(build(plan), 'utf8') <= budget;
  const full: CardPlan = {
    fields: fieldCount,
    outputMax: OUTPUT_MAX,
    summary: true,
    titleMax: TITLE_MAX,
  };
  if (fits(full)) return build(full);

  const noFields = { ...full, fields: 0 };
  if (fits(noFields)) {
    return build({
      ...full,
      fields: largest(0, fieldCount, (fields) => fits({ ...full, fields })),
    });
  }
  const noOutput = { ...noFields, outputMax: 0 };
  if (fits(noOutput)) {
    return build({
      ...noFields,
      outputMax: largest(0, OUTPUT_MAX, (n) => fits({ ...noFields, outputMax: n })),
    });
  }
  const bare = { ...noOutput, summary: false };
  return build(fits(bare) ? bare : { ...bare, titleMax: LAST_RESORT_TITLE });
}

/** The largest n in [lo, hi] with ok(n), given ok(lo) and ok monotonic (true, then false). */
function largest(lo: number, hi: number, ok: (n: number) => boolean): number {
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (ok(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
