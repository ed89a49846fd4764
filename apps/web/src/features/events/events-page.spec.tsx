import type { Me, StoredEvent } from '@aerie/contracts';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, ME_ADMIN, type Call } from '../../test/fake-api';
import { alertGroup, GROUP_ID, liveEvent, storedEvent } from '../../test/events.fixture';
import { renderWithApp } from '../../test/render';
import { EventsPage } from './events-page';
import { eventDetail, stats } from './events.fixtures';

/**
 * jsdom has no layout: every box says it is 1200 × 600 px (the table's scroll box, and what the
 * popovers' positioning measures to tell whether their button is on screen).
 */
beforeEach(() => {
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600);
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(1200);
  vi.spyOn(Element.prototype, 'getBoundingClientRect').mockReturnValue(
    DOMRect.fromRect({ x: 0, y: 0, width: 1200, height: 600 }),
  );
});
afterEach(() => vi.restoreAllMocks());

const NEWEST = [3, 2, 1].map((seq) => storedEvent(seq));

/**
 * The events page over a fake API: the list answers `newest` (or, for a catch-up read
 * `sort=seq`, `missed`), the stats the fixture counts.
 */
function setup(
  options: {
    hash?: string;
    me?: Me;
    newest?: StoredEvent[];
    missed?: StoredEvent[];
    routes?: Parameters<typeof fakeApi>[0];
  } = {},
) {
  window.location.hash = options.hash ?? '#/events';
  const api = fakeApi({
    'GET /api/v1/events': (call: Call) => ({
      status: 200,
      body: {
        items:
          call.query.get('sort') === 'seq' ? (options.missed ?? []) : (options.newest ?? NEWEST),
        next_cursor: null,
      },
    }),
    'GET /api/v1/stats': { status: 200, body: stats() },
    ...options.routes,
  });
  const view = renderWithApp(<EventsPage me={options.me ?? ME_ADMIN} />);
  return { api, ...view, user: userEvent.setup() };
}

const hashQuery = () => new URLSearchParams(window.location.hash.split('?')[1] ?? '');
const eventsTable = () => screen.getByRole('table', { name: 'Events' });
/** The body rows' event numbers, top to bottom. */
const shown = () =>
  within(eventsTable())
    .queryAllByRole('row')
    .slice(1)
    .map((r) => Number(/event (\d+)/.exec(r.textContent ?? '')?.[1]));
const listReads = (api: ReturnType<typeof fakeApi>) =>
  api.callsTo('GET /api/v1/events').map((c) => c.query);

/** The socket opens and the server confirms the page's subscription. */
function subscribed(live: ReturnType<typeof setup>['live'], cursor = 'seq:3'): void {
  act(() => {
    live.current().accept();
    live.current().push({ type: 'subscribed', cursor });
  });
}

describe('EventsPage', () => {
  it("loads the newest events for the URL's filter, over the last day by default", async () => {
    const { api } = setup({ hash: '#/events?priority=Critical&cols=time,rule,output' });
    await waitFor(() => expect(shown()).toEqual([3, 2, 1]));
    const [read] = listReads(api);
    expect(read?.toString()).toBe('priority=Critical&since=24h&limit=200');
    const statsRead = api.callsTo('GET /api/v1/stats')[0]?.query;
    expect(statsRead?.toString()).toBe('priority=Critical&since=24h&top=10');
    expect(
      within(eventsTable())
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['Time (UTC)', 'Rule', 'Output']);
    expect(screen.getByRole('heading', { level: 2, name: 'Events' })).toBeTruthy();
    expect(await screen.findByText('15 · Last 24 hours')).toBeTruthy();
  });

  it('adds a filter from a facet, shows it as a chip, and removes it again', async () => {
    const { api, user } = setup({ hash: '#/events?since=1h' });
    const facets = screen.getByRole('complementary', { name: 'Facets' });
    const namespaces = await within(facets).findByRole('list', { name: 'Namespace' });
    await user.click(within(namespaces).getByRole('button', { name: 'checkout 4' }));

    expect(hashQuery().toString()).toBe('since=1h&namespace=checkout');
    await waitFor(() =>
      expect(listReads(api).at(-1)?.toString()).toBe('since=1h&namespace=checkout&limit=200'),
    );
    expect(api.callsTo('GET /api/v1/stats').at(-1)?.query.get('namespace')).toBe('checkout');
    expect(within(namespaces).getByRole('button', { name: 'checkout 4' }).ariaPressed).toBe('true');
    // Events without a namespace are counted, but there is no filter for them.
    expect(within(namespaces).getByText('(none)')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Remove filter namespace: checkout' }));
    expect(hashQuery().toString()).toBe('since=1h');
  });

  it('keeps the time range and clears the other filters', async () => {
    const { user } = setup({ hash: '#/events?priority=Error&namespace=web&q=curl' });
    expect(screen.getByRole('group', { name: 'Filters' }).textContent).toContain('search: curl');
    await user.click(screen.getByRole('radio', { name: '7d' }));
    expect(hashQuery().toString()).toBe('priority=Error&namespace=web&q=curl&since=7d');
    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(hashQuery().toString()).toBe('since=7d');
    expect(
      (screen.getByRole('searchbox', { name: 'Search events' }) as HTMLInputElement).value,
    ).toBe('');
  });

  it('sets an absolute range, which turns the live tail off', async () => {
    const { user } = setup();
    await user.click(screen.getByRole('button', { name: 'Custom range' }));
    // A datetime-local input takes whole values (typing key by key is the browser's widget).
    fireEvent.change(await screen.findByLabelText('From (UTC)'), {
      target: { value: '2026-05-01T10:00' },
    });
    fireEvent.change(screen.getByLabelText('To (UTC)'), { target: { value: '2026-05-01T12:30' } });
    await user.click(screen.getByRole('button', { name: 'Apply' }));
    expect(hashQuery().toString()).toBe(
      'since=2026-05-01T10%3A00%3A00Z&until=2026-05-01T12%3A30%3A00Z',
    );
    expect(screen.getByText('Live tail off: the range has an end')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Pause live' })).toBeNull();
  });

  it('writes the search to the URL once typing pauses, replacing the entry', async () => {
    const { api, user } = setup({ hash: '#/events?priority=Error' });
    const before = window.history.length;
    const box = screen.getByRole('searchbox', { name: 'Search events' });
    expect(box.id).toBe('page-search');
    await user.type(box, 'bash shell');
    await waitFor(() => expect(hashQuery().get('q')).toBe('bash shell'));
    expect(window.history.length).toBe(before);
    await waitFor(() => expect(listReads(api).at(-1)?.get('q')).toBe('bash shell'));
    // One read for the typed text, not one per key.
    expect(listReads(api).filter((q) => q.has('q'))).toHaveLength(1);
  });

  it('chooses columns, kept in the URL', async () => {
    const { user } = setup();
    await user.click(screen.getByRole('button', { name: 'Columns' }));
    await user.click(await screen.findByRole('checkbox', { name: 'Output' }));
    await user.click(screen.getByRole('checkbox', { name: 'Tags' }));
    expect(hashQuery().get('cols')).toBe('time,priority,rule,namespace,host,tags');
    const headers = within(eventsTable())
      .getAllByRole('columnheader')
      .map((h) => h.textContent);
    expect(headers).toEqual(['Time (UTC)', 'Priority', 'Rule', 'Namespace', 'Host / pod', 'Tags']);
  });

  it('shows live events on top as they are stored, each once', async () => {
    const { api, live } = setup();
    await waitFor(() => expect(shown()).toEqual([3, 2, 1]));
    expect(live.current().sent).toEqual([]); // connecting
    act(() => live.current().accept());
    expect(live.current().sent).toEqual([{ type: 'subscribe', events: { since: ['24h'] } }]);
    act(() => live.current().push({ type: 'subscribed', cursor: 'seq:3' }));
    // The subscription's start: the list is read again from there.
    await waitFor(() => expect(listReads(api)).toHaveLength(2));

    act(() => {
      live.current().push({ type: 'events', items: [liveEvent(4), liveEvent(5)], cursor: 'seq:5' });
      live.current().push({ type: 'events', items: [liveEvent(5), liveEvent(3)], cursor: 'seq:5' });
    });
    await waitFor(() => expect(shown()).toEqual([5, 4, 3, 2, 1]));
  });

  it('holds new events while paused, behind an "N new events" button', async () => {
    const { live, user } = setup();
    subscribed(live);
    await waitFor(() => expect(shown()).toEqual([3, 2, 1]));

    await user.click(screen.getByRole('button', { name: 'Pause live' }));
    act(() =>
      live.current().push({ type: 'events', items: [liveEvent(4), liveEvent(5)], cursor: 'seq:5' }),
    );
    const more = await screen.findByRole('button', { name: '2 new events' });
    expect(shown()).toEqual([3, 2, 1]);

    await user.click(more);
    expect(shown()).toEqual([5, 4, 3, 2, 1]);
    expect(screen.queryByRole('button', { name: /new event/ })).toBeNull();

    // Still paused: the next one waits too, until "Resume live".
    act(() => live.current().push({ type: 'events', items: [liveEvent(6)], cursor: 'seq:6' }));
    expect(await screen.findByRole('button', { name: '1 new event' })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Resume live' }));
    await waitFor(() => expect(shown()).toEqual([6, 5, 4, 3, 2, 1]));
    expect(screen.getByRole('button', { name: 'Pause live' })).toBeTruthy();
  });

  it('holds new events while the reader is scrolled away from the top', async () => {
    const { live, user } = setup();
    subscribed(live);
    await waitFor(() => expect(shown()).toEqual([3, 2, 1]));
    const box = screen.getByRole('region', { name: 'Events table' });
    Object.defineProperty(box, 'scrollTop', { configurable: true, value: 400 });
    fireEvent.scroll(box);

    act(() => live.current().push({ type: 'events', items: [liveEvent(4)], cursor: 'seq:4' }));
    await user.click(await screen.findByRole('button', { name: '1 new event' }));
    expect(shown()).toEqual([4, 3, 2, 1]);
    // Back at the top and not paused: the next ones come straight in.
    act(() => live.current().push({ type: 'events', items: [liveEvent(5)], cursor: 'seq:5' }));
    await waitFor(() => expect(shown()).toEqual([5, 4, 3, 2, 1]));
  });

  it('after a reconnect, reads what it missed from its last cursor and shows it', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0); // reconnect at once
    const { api, live } = setup({ missed: [storedEvent(5), storedEvent(6)] });
    subscribed(live);
    act(() => live.current().push({ type: 'events', items: [liveEvent(4)], cursor: 'seq:4' }));
    await waitFor(() => expect(shown()).toEqual([4, 3, 2, 1]));

    act(() => live.current().close());
    await waitFor(() => expect(live.sockets).toHaveLength(2));
    subscribed(live, 'seq:6');

    await waitFor(() => expect(shown()).toEqual([6, 5, 4, 3, 2, 1]));
    const catchUp = listReads(api).find((q) => q.get('sort') === 'seq');
    expect(catchUp?.toString()).toBe('since=24h&sort=seq&order=asc&limit=1000&cursor=seq%3A4');
  });

  it('moves the selection with j / k, opens it with Enter and closes with Esc', async () => {
    const { user } = setup();
    await waitFor(() => expect(shown()).toEqual([3, 2, 1]));
    const selected = () =>
      within(eventsTable())
        .getAllByRole('row')
        .findIndex((r) => r.getAttribute('aria-selected') === 'true');

    await user.keyboard('j');
    expect(selected()).toBe(1); // the first body row
    await user.keyboard('jjk');
    expect(selected()).toBe(2);

    // Typing is typing.
    await user.type(screen.getByRole('searchbox', { name: 'Search events' }), 'jk');
    expect(selected()).toBe(2);
    (document.activeElement as HTMLElement).blur();

    await user.keyboard('{Enter}');
    expect(await screen.findByRole('dialog', { name: 'Event details' })).toBeTruthy();
    expect(hashQuery().get('id')).toBe(storedEvent(2).id);

    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Event details' })).toBeNull());
    expect(hashQuery().has('id')).toBe(false);
  });

  it('opens the event a pasted link names', async () => {
    const id = storedEvent(2).id;
    setup({
      hash: `#/events?namespace=payments&id=${id}`,
      routes: {
        [`GET /api/v1/events/${id}`]: { status: 200, body: eventDetail(2) },
        [`GET /api/v1/events/${id}/deliveries`]: { status: 200, body: { items: [] } },
        [`GET /api/v1/groups/${GROUP_ID}`]: { status: 200, body: alertGroup() },
      },
    });
    const drawer = await screen.findByRole('dialog', { name: 'Event details' });
    expect(await within(drawer).findByText('A shell was spawned in a container (event 2)'));
    await waitFor(() =>
      expect(within(eventsTable()).getAllByRole('row')[2]?.getAttribute('aria-selected')).toBe(
        'true',
      ),
    );
  });

  it('opens an event on a click, its link naming it in the URL', async () => {
    const { user } = setup({ hash: '#/events?since=1h' });
    await waitFor(() => expect(shown()).toEqual([3, 2, 1]));
    const row = within(eventsTable()).getAllByRole('row')[2]!;
    const link = within(row).getByRole('link');
    expect(link.getAttribute('href')).toBe(`#/events?since=1h&id=${storedEvent(2).id}`);
    await user.click(within(row).getByRole('cell', { name: /event 2/ }));
    expect(hashQuery().get('id')).toBe(storedEvent(2).id);
    expect(row.getAttribute('aria-selected')).toBe('true');
  });
});
