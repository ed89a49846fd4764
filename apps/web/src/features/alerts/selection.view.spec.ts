import { describe, expect, it } from 'vitest';
import {
  bulkTarget,
  describeSelection,
  isSelected,
  keepLoaded,
  MATCHING,
  NOTHING,
  pageState,
  toggle,
  togglePage,
} from './selection.view';

const loaded = ['a', 'b', 'c'];

describe('selection', () => {
  it('picks rows one by one and reports the header state', () => {
    const one = toggle(NOTHING, 'a', loaded);
    expect(isSelected(one, 'a')).toBe(true);
    expect(pageState(one, loaded)).toBe('some');
    expect(pageState(toggle(one, 'a', loaded), loaded)).toBe('none');
    expect(pageState(togglePage(one, loaded), loaded)).toBe('all');
    expect(togglePage(togglePage(one, loaded), loaded)).toBe(NOTHING);
  });

  it('unticking a row of "all matching" keeps the other loaded rows', () => {
    const rest = toggle(MATCHING, 'b', loaded);
    expect(rest).toEqual({ kind: 'ids', ids: new Set(['a', 'c']) });
  });

  it('drops rows that left the list', () => {
    const two = togglePage(NOTHING, ['a', 'b']);
    expect(keepLoaded(two, ['b', 'c'])).toEqual({ kind: 'ids', ids: new Set(['b']) });
    expect(keepLoaded(MATCHING, [])).toBe(MATCHING);
  });

  it('targets ids or the filter', () => {
    expect(bulkTarget(togglePage(NOTHING, ['a']), { status: 'new' })).toEqual({ ids: ['a'] });
    expect(bulkTarget(MATCHING, { status: 'new' })).toEqual({ filter: { status: 'new' } });
  });

  it('says how many', () => {
    expect(describeSelection(toggle(NOTHING, 'a', loaded), undefined)).toBe('1 group');
    expect(describeSelection(MATCHING, 1204)).toBe('all 1,204 groups matching the filter');
    expect(describeSelection(MATCHING, undefined)).toBe('all groups matching the filter');
  });
});
