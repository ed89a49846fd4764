import { StoredEventSchema } from '@aerie/contracts';
import { act, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { liveEvent, storedEvent } from '../../test/events.fixture';
import { renderWithApp } from '../../test/render';
import { COLUMNS, columnsOf } from './event-columns';
import { ROW_HEIGHT } from './event-row';
import { OVERSCAN, EventsTable } from './events-table';

const VIEWPORT = 600;
const VISIBLE = Math.ceil(VIEWPORT / ROW_HEIGHT);
const MANY = Array.from({ length: 100_000 }, (_, i) => liveEvent(100_000 - i));

/** jsdom has no layout: the scroll box says it is 600 px high, as the virtualizer docs suggest. */
beforeEach(() => {
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(VIEWPORT);
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(1200);
});
afterEach(() => vi.restoreAllMocks());

function table(props: Partial<Parameters<typeof EventsTable>[0]> = {}) {
  const handlers = { onRowClick: vi.fn(), onNearEnd: vi.fn(), onTopChange: vi.fn() };
  const view = renderWithApp(
    <EventsTable
      rows={MANY}
      columns={columnsOf(null)}
      selectedId={undefined}
      empty="No events"
      linkBase="#/events?since=1h&"
      {...handlers}
      {...props}
    />,
  );
  const grid = screen.getByRole('table', { name: 'Events' });
  const bodyRows = () => within(grid).getAllByRole('row').slice(1); // after the header
  return { ...view, ...handlers, grid, bodyRows };
}

/** Scrolls the table's scroll box to `top` px. */
function scrollTo(grid: HTMLElement, top: number): void {
  const box = grid.parentElement!;
  Object.defineProperty(box, 'scrollTop', { configurable: true, value: top });
  act(() => {
    fireEvent.scroll(box);
  });
}

describe('EventsTable', () => {
  it('is fed rows the API contract accepts', () => {
    expect(StoredEventSchema.safeParse(storedEvent(1)).success).toBe(true);
  });

  it('renders the visible rows of 100 000 and a few more, not all of them', () => {
    const { grid, bodyRows } = table();
    const headers = within(grid)
      .getAllByRole('columnheader')
      .map((h) => h.textContent);
    expect(headers).toEqual([
      'Time (UTC)',
      'Priority',
      'Rule',
      'Output',
      'Namespace',
      'Host / pod',
    ]);

    const rows = bodyRows();
    expect(rows.length).toBeGreaterThanOrEqual(VISIBLE);
    expect(rows.length).toBeLessThanOrEqual(VISIBLE + OVERSCAN + 1);
    const [top] = rows as [HTMLElement];
    expect(within(top).getByText('A shell was spawned in a container (event 100000)')).toBeTruthy();
    expect(within(top).getByText('Notice').className).toBe('badge badge--notice');
    expect(within(top).getByRole('cell', { name: 'api-7d9f8b6c5-x2k4q' }).title).toBe(
      'api-7d9f8b6c5-x2k4q on node-1',
    );
    expect(top.querySelector('time')?.getAttribute('datetime')).toMatch(/^2026-05-01T10:/);
  });

  it('scrolled to the middle, renders the rows there, still a bounded number', () => {
    const { grid, bodyRows, onTopChange, onNearEnd } = table();
    scrollTo(grid, 50_000 * ROW_HEIGHT);
    const rows = bodyRows();
    expect(rows.length).toBeLessThanOrEqual(VISIBLE + 2 * OVERSCAN + 1);
    const seqs = rows.map((r) => Number(/event (\d+)/.exec(r.textContent ?? '')?.[1]));
    expect(seqs).toContain(100_000 - 50_000);
    expect(onTopChange).toHaveBeenLastCalledWith(false);
    expect(onNearEnd).not.toHaveBeenCalled();

    scrollTo(grid, 0);
    expect(onTopChange).toHaveBeenLastCalledWith(true);
  });

  it('asks for older rows near the end', () => {
    const { grid, onNearEnd } = table();
    scrollTo(grid, (100_000 - 20) * ROW_HEIGHT);
    expect(onNearEnd).toHaveBeenCalled();
  });

  it('shows the chosen columns, marks the selected row and reports clicks', () => {
    const rows = MANY.slice(0, 3);
    const { bodyRows, onRowClick, grid } = table({
      rows,
      columns: COLUMNS.filter((c) => c.id === 'rule' || c.id === 'tags' || c.id === 'cluster'),
      selectedId: rows[1]!.id,
    });
    expect(
      within(grid)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['Rule', 'Cluster', 'Tags']);
    expect(bodyRows().map((r) => r.getAttribute('aria-selected'))).toEqual([
      'false',
      'true',
      'false',
    ]);
    expect(within(bodyRows()[0]!).getByRole('cell', { name: 'container, shell' })).toBeTruthy();
    fireEvent.click(within(bodyRows()[2]!).getByRole('cell', { name: 'prod-eu' }));
    expect(onRowClick).toHaveBeenCalledWith(rows[2]!.id);
  });

  it('says so when there are no rows', () => {
    const { bodyRows } = table({ rows: [] });
    expect(bodyRows().map((r) => r.textContent)).toEqual(['No events']);
  });
});
