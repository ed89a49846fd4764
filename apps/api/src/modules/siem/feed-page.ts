/**
 * One page of a feed in commit order (docs/adr/0008-siem-cursor.md). `rows` are the seqs read
 * after `after` (at most limit + 1: the extra one only says there is more); `head` is the
 * newest seq committed in the same snapshot. Every seq up to the head is final — no transaction
 * can still commit one below it — so a page that is not full moves the position to the head, and
 * the next read starts there even when the filter matched nothing (cheap empty polls).
 */
export interface FeedPage {
  /** The page's seqs, ascending. */
  seqs: number[];
  /** Where the next page starts; null only when a bounded read (`until`) is complete. */
  next: number | null;
  /** The page is full: more is there now. */
  hasMore: boolean;
}

export function feedPage(input: {
  after: number;
  rows: readonly number[];
  head: number;
  limit: number;
  /** A bounded read (`until`): it ends instead of following new events. */
  bounded: boolean;
}): FeedPage {
  const { after, rows, head, limit, bounded } = input;
  const hasMore = rows.length > limit;
  const seqs = rows.slice(0, limit);
  const last = seqs[seqs.length - 1] ?? after;
  if (hasMore) return { seqs, next: last, hasMore };
  return { seqs, next: bounded ? null : Math.max(after, last, head), hasMore };
}
