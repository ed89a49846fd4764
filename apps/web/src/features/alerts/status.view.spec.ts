import { describe, expect, it } from 'vitest';
import { statusActions, statusParam, tabOf, withTab } from './status.view';

const q = (s: string) => new URLSearchParams(s);

describe('status tabs', () => {
  it('defaults to the open queue', () => {
    expect(statusParam(q('namespace=payments'))).toBe('new,acknowledged');
    expect(tabOf(q(''))).toBe('open');
  });

  it('reads the API spelling, comma-separated or repeated, in any order', () => {
    expect(statusParam(q('status=resolved&status=false_positive'))).toBe('resolved,false_positive');
    expect(tabOf(q('status=acknowledged,new'))).toBe('open');
    expect(tabOf(q('status=resolved'))).toBe('resolved');
    expect(tabOf(q('status=false_positive,resolved,new,acknowledged'))).toBe('all');
    expect(tabOf(q('status=new,resolved'))).toBeUndefined();
  });

  it('writes a tab into the URL, keeping the filters; open needs no key', () => {
    expect(withTab(q('namespace=payments&status=new'), 'resolved').toString()).toBe(
      'namespace=payments&status=resolved',
    );
    expect(withTab(q('namespace=payments&status=new'), 'open').toString()).toBe(
      'namespace=payments',
    );
    expect(withTab(q(''), 'all').get('status')).toBe('new,acknowledged,resolved,false_positive');
  });
});

describe('statusActions', () => {
  it('moves a group along the queue, and reopens closed ones', () => {
    const labels = (s: Parameters<typeof statusActions>[0]) =>
      statusActions(s).map((a) => `${a.label}→${a.to}`);
    expect(labels('new')).toEqual([
      'Acknowledge→acknowledged',
      'Resolve→resolved',
      'Mark false positive→false_positive',
    ]);
    expect(labels('acknowledged')).toEqual([
      'Resolve→resolved',
      'Mark false positive→false_positive',
    ]);
    expect(labels('resolved')).toEqual(['Reopen→new']);
    expect(labels('false_positive')).toEqual(['Reopen→new']);
  });
});
