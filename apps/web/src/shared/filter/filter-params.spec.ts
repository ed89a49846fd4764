import { describe, expect, it } from 'vitest';
import {
  addValue,
  chipsOf,
  filterOf,
  removeValue,
  withQuery,
  withTimeRange,
} from './filter-params';

describe('filter params', () => {
  const search = new URLSearchParams(
    'priority=critical&id=abc&namespace=payments&field[proc.name]=bash&cols=rule&q=shell',
  );

  it('keeps only the filter keys, in URL order', () => {
    expect(filterOf(search).toString()).toBe(
      'priority=critical&namespace=payments&field%5Bproc.name%5D=bash&q=shell',
    );
  });

  it('adds list values (OR) and replaces single ones', () => {
    expect(addValue(search, 'priority', 'error').getAll('priority')).toEqual(['critical', 'error']);
    expect(addValue(search, 'priority', 'critical').getAll('priority')).toEqual(['critical']);
    expect(addValue(search, 'q', 'curl').getAll('q')).toEqual(['curl']);
  });

  it('removes one value or the whole key', () => {
    const two = addValue(search, 'priority', 'error');
    expect(removeValue(two, 'priority', 'critical').getAll('priority')).toEqual(['error']);
    expect(removeValue(two, 'priority').has('priority')).toBe(false);
    expect(removeValue(two, 'priority').get('namespace')).toBe('payments');
  });

  it('names a chip per value, fields by their Falco name', () => {
    expect(chipsOf(search).map((c) => c.label)).toEqual([
      'priority: critical',
      'namespace: payments',
      'proc.name: bash',
      'search: shell',
    ]);
  });

  it('defaults the time range to the last day', () => {
    expect(withTimeRange(new URLSearchParams()).get('since')).toBe('24h');
    expect(withTimeRange(new URLSearchParams('until=2026-01-01T00:00:00Z')).has('since')).toBe(
      false,
    );
    expect(withQuery('api/v1/events', new URLSearchParams())).toBe('api/v1/events');
  });
});
