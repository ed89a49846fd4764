import type { Stats } from '@aerie/contracts';
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { PriorityCounts } from './priority-counts';
import { priorityCounts } from './stats.view';

function stats(by_priority: Stats['by_priority'], total: number): Stats {
  return {
    total,
    by_priority,
    by_rule: [],
    by_source: [],
    by_hostname: [],
    by_tag: [],
    by_cluster: [],
    by_namespace: [],
    by_boundary: [],
    histogram: { bucket: '1h', buckets: [] },
  };
}

describe('priorityCounts', () => {
  it('lists every priority, most severe first, with zeros for the missing ones', () => {
    expect(
      priorityCounts([
        { value: 'Warning', count: 3 },
        { value: 'Critical', count: 1 },
        { value: null, count: 9 },
        { value: 'Bogus', count: 4 },
      ]),
    ).toEqual([
      { priority: 'Emergency', count: 0 },
      { priority: 'Alert', count: 0 },
      { priority: 'Critical', count: 1 },
      { priority: 'Error', count: 0 },
      { priority: 'Warning', count: 3 },
      { priority: 'Notice', count: 0 },
      { priority: 'Informational', count: 0 },
      { priority: 'Debug', count: 0 },
    ]);
  });
});

describe('PriorityCounts', () => {
  it('shows the total and a badge with a count per priority', () => {
    render(
      <PriorityCounts
        stats={stats(
          [
            { value: 'Critical', count: 1 },
            { value: 'Notice', count: 1234 },
          ],
          1235,
        )}
      />,
    );
    expect(screen.getByText('1,235').parentElement?.textContent).toBe('1,235 events');
    const list = screen.getByRole('list', { name: 'Events by priority' });
    const items = within(list).getAllByRole('listitem');
    expect(items.map((i) => i.textContent)).toEqual([
      'Emergency0',
      'Alert0',
      'Critical1',
      'Error0',
      'Warning0',
      'Notice1,234',
      'Informational0',
      'Debug0',
    ]);
    expect(within(list).getByText('Critical').className).toBe('badge badge--critical');
  });
});
