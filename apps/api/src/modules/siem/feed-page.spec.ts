import { describe, expect, it } from 'vitest';
import { feedPage } from './feed-page.js';

describe('feedPage', () => {
  const base = { after: 10, head: 50, limit: 3, bounded: false };
  it('a full page continues after its last event, and says there is more', () => {
    expect(feedPage({ ...base, rows: [11, 12, 14, 15] })).toEqual({
      seqs: [11, 12, 14],
      next: 14,
      hasMore: true,
    });
  });
  it('a page that is not full moves to the committed head, empty or not', () => {
    expect(feedPage({ ...base, rows: [11, 12] })).toEqual({
      seqs: [11, 12],
      next: 50,
      hasMore: false,
    });
    expect(feedPage({ ...base, rows: [] })).toEqual({ seqs: [], next: 50, hasMore: false });
  });
  it('never moves back (a cursor beyond the head stays), and a bounded read ends', () => {
    expect(feedPage({ ...base, after: 70, rows: [] }).next).toBe(70);
    expect(feedPage({ ...base, bounded: true, rows: [11] })).toEqual({
      seqs: [11],
      next: null,
      hasMore: false,
    });
    expect(feedPage({ ...base, bounded: true, rows: [11, 12, 13, 14] }).next).toBe(13);
  });
});
