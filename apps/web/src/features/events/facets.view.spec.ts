import { describe, expect, it } from 'vitest';
import { stats } from './events.fixtures';
import { facetsOf } from './facets.view';

describe('facetsOf', () => {
  it('lists each dimension with counts, the filtered values marked, empty ones left out', () => {
    const facets = facetsOf(
      stats({ by_tag: [], by_source: [] }),
      new URLSearchParams('namespace=checkout&priority=Critical'),
    );
    expect(facets.map((f) => f.label)).toEqual([
      'Priority',
      'Namespace',
      'Cluster',
      'Rule',
      'Boundary',
      'Host',
    ]);
    expect(facets[1]).toEqual({
      key: 'namespace',
      label: 'Namespace',
      values: [
        { value: 'payments', count: 10, active: false },
        { value: 'checkout', count: 4, active: true },
        { value: null, count: 1, active: false },
      ],
    });
    expect(facets[0]?.values.find((v) => v.active)?.value).toBe('Critical');
  });
});
