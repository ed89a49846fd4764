import type { Stats } from '@aerie/contracts';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { liveEvent } from '../../test/events.fixture';
import { fakeApi } from '../../test/fake-api';
import { renderWithApp } from '../../test/render';
import { OverviewPage } from './overview-page';

function stats(total: number): Stats {
  return {
    total,
    by_priority: [
      { value: 'Critical', count: 1 },
      { value: 'Warning', count: total - 1 },
    ],
    by_rule: [{ value: 'Terminal shell in container', count: total }],
    by_source: [{ value: 'syscall', count: total }],
    by_hostname: [{ value: 'node-1', count: total }],
    by_tag: [{ value: 'shell', count: total }],
    by_cluster: [{ value: 'prod', count: total }],
    by_namespace: [
      { value: 'payments', count: total - 1 },
      { value: null, count: 1 },
    ],
    by_boundary: [{ value: 'host', count: total }],
    histogram: {
      bucket: '1h',
      buckets: [
        {
          start: '2026-05-01T10:00:00.000Z',
          count: total,
          by_priority: { Critical: 1, Warning: total - 1 },
        },
        { start: '2026-05-01T11:00:00.000Z', count: 0, by_priority: {} },
      ],
    },
  };
}

/** The query of every stats request, in order (the fake server keys routes by path only). */
function statsQueries(): URLSearchParams[] {
  return vi
    .mocked(fetch)
    .mock.calls.map(([input]) => new URL(String(input), 'http://aerie.test'))
    .filter((url) => url.pathname === '/api/v1/stats')
    .map((url) => url.searchParams);
}

function open(hash = '#/overview') {
  window.location.hash = hash;
  let answer = stats(6);
  const api = fakeApi({ 'GET /api/v1/stats': () => ({ status: 200, body: answer }) });
  const view = renderWithApp(<OverviewPage />);
  return { api, ...view, answer: (next: Stats) => (answer = next) };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('OverviewPage', () => {
  it('shows the counts of every dimension from one stats call, with links to the events', async () => {
    const { api } = open();

    const priorities = await screen.findByRole('list', { name: 'Events by priority' });
    expect(
      within(priorities)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([
      'Emergency0',
      'Alert0',
      'Critical1',
      'Error0',
      'Warning5',
      'Notice0',
      'Informational0',
      'Debug0',
    ]);
    // Only slices with events are links: the rest would open an empty view.
    expect(
      within(priorities)
        .getAllByRole('link')
        .map((a) => a.textContent),
    ).toEqual(['Critical', 'Warning']);
    expect(screen.getByText('6 events')).toBeTruthy();
    for (const [name, value] of [
      ['Events by boundary', 'Host'],
      ['Events by cluster', 'prod'],
      ['Events by namespace', 'payments'],
      ['Events by source', 'syscall'],
      ['Events by rule', 'Terminal shell in container'],
      ['Events by host', 'node-1'],
      ['Events by tag', 'shell'],
    ] as const) {
      const list = screen.getByRole('list', { name });
      expect(within(list).getByRole('link', { name: value })).toBeTruthy();
    }
    // Events without a namespace are counted but cannot be filtered on.
    expect(
      within(screen.getByRole('list', { name: 'Events by namespace' })).getByText('(none)'),
    ).toBeTruthy();
    expect(
      screen.getByRole('img', { name: 'Events by priority: Critical 1, Warning 5' }),
    ).toBeTruthy();
    expect(
      screen.getByRole('img', { name: /^Events over time by priority, 6 in 2 buckets/ }),
    ).toBeTruthy();

    expect(statsQueries().map(String)).toEqual(['since=24h&top=10']);
    expect(api.unexpected).toEqual([]);
  });

  it('opens the Events view filtered to a clicked slice, keeping the page filter', async () => {
    open('#/overview?cluster=prod&since=1h');
    const list = await screen.findByRole('list', { name: 'Events by namespace' });
    fireEvent.click(within(list).getByRole('link', { name: 'payments' }));
    await waitFor(() =>
      expect(window.location.hash).toBe('#/events?cluster=prod&since=1h&namespace=payments'),
    );
  });

  it('opens the Events view over a histogram bucket from its table', async () => {
    open('#/overview?namespace=payments');
    fireEvent.click(await screen.findByRole('switch', { name: 'Show histogram as table' }));
    const table = screen.getByRole('table', { name: /^Events per 1h bucket/ });
    // Empty buckets are left out of the table.
    expect(within(table).getAllByRole('row')).toHaveLength(2);
    fireEvent.click(within(table).getByRole('link', { name: '2026-05-01 10:00' }));
    await waitFor(() =>
      expect(window.location.hash).toBe(
        '#/events?namespace=payments&since=2026-05-01T10%3A00%3A00.000Z&until=2026-05-01T11%3A00%3A00.000Z',
      ),
    );
  });

  it('puts a relative time range in the URL and asks the API for it', async () => {
    open();
    await screen.findByRole('list', { name: 'Events by priority' });
    const ranges = screen.getByRole('radiogroup', { name: 'Time range' });
    expect(within(ranges).getByRole('radio', { name: '24h' })).toHaveProperty('checked', true);

    fireEvent.click(within(ranges).getByRole('radio', { name: '1h' }));

    await waitFor(() => expect(window.location.hash).toBe('#/overview?since=1h'));
    await waitFor(() => expect(statsQueries().map(String)).toContain('since=1h&top=10'));
  });

  it('puts an absolute time range in the URL and asks the API for it', async () => {
    open('#/overview?priority=Critical');
    await screen.findByRole('list', { name: 'Events by priority' });
    fireEvent.click(screen.getByRole('button', { name: 'Custom range' }));
    fireEvent.change(await screen.findByLabelText('From (UTC)'), {
      target: { value: '2026-05-01T10:00' },
    });
    fireEvent.change(screen.getByLabelText('To (UTC)'), { target: { value: '2026-05-01T12:00' } });
    // jsdom has no layout, so Mantine's popover thinks its target is off screen and hides itself
    // (`hideDetached`); in a browser the dropdown shows.
    fireEvent.click(screen.getByRole('button', { name: 'Apply', hidden: true }));

    const query = 'priority=Critical&since=2026-05-01T10%3A00%3A00Z&until=2026-05-01T12%3A00%3A00Z';
    await waitFor(() => expect(window.location.hash).toBe(`#/overview?${query}`));
    await waitFor(() => expect(statsQueries().map(String)).toContain(`${query}&top=10`));
    expect(
      within(screen.getByRole('radiogroup', { name: 'Time range' }))
        .getAllByRole('radio')
        .some((r) => (r as HTMLInputElement).checked),
    ).toBe(false);
  });

  it('shows the filters as chips that remove themselves from the URL', async () => {
    open('#/overview?namespace=payments&priority=Critical&since=1h');
    const chips = await screen.findByRole('list', { name: 'Filters' });
    expect(
      within(chips)
        .getAllByRole('listitem')
        .map((c) => c.textContent),
    ).toEqual(['namespace: payments', 'priority: Critical']);
    fireEvent.click(screen.getByRole('button', { name: 'Remove filter namespace: payments' }));
    await waitFor(() => expect(window.location.hash).toBe('#/overview?priority=Critical&since=1h'));
    await waitFor(() =>
      expect(statsQueries().map(String)).toContain('priority=Critical&since=1h&top=10'),
    );
  });

  it('subscribes to the page filter and refetches the counts at most every 5 s while events arrive', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const { live, answer } = open('#/overview?namespace=payments');
    await screen.findByRole('list', { name: 'Events by priority' });
    const socket = live.current();
    socket.accept();
    expect(socket.sent).toContainEqual({
      type: 'subscribe',
      events: { namespace: ['payments'], since: ['24h'] },
    });
    socket.push({ type: 'subscribed', cursor: 'c0' });

    answer(stats(9));
    for (let n = 1; n <= 3; n += 1) {
      socket.push({ type: 'events', items: [liveEvent(n)], cursor: `c${n}` });
      await vi.advanceTimersByTimeAsync(50);
    }
    // A burst is one refetch, once the 5 s since the page loaded have passed.
    expect(statsQueries()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(5_000);
    await waitFor(() => expect(statsQueries()).toHaveLength(2));
    expect(await screen.findByText('9 events')).toBeTruthy();

    socket.push({ type: 'events', items: [liveEvent(4)], cursor: 'c4' });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(statsQueries()).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(4_500);
    await waitFor(() => expect(statsQueries()).toHaveLength(3));
    expect(
      statsQueries().every((q) => q.toString() === 'namespace=payments&since=24h&top=10'),
    ).toBe(true);
  });
});
