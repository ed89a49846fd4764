import type { LiveEvent } from '@aerie/contracts';

/** Rows the events list keeps at most; past it the oldest go. */
export const MAX_ROWS = 100_000;

/** What the events table shows; a new object on every change (a React snapshot). */
export interface RowsView {
  /** Newest first: live events on top in the order stored, then the API's pages. */
  readonly rows: readonly LiveEvent[];
  /** New events held back (paused, or the reader is scrolled away from the top). */
  readonly held: number;
  /** More arrived than can be held, or the list had to restart while held: showing reloads. */
  readonly stale: boolean;
  /** Cursor of the next older page; null at the end (or at the cap). */
  readonly older: string | null;
  /** The oldest rows were dropped to stay under the cap: no older pages are read. */
  readonly capped: boolean;
  readonly status: 'loading' | 'ready' | 'error';
  readonly error: Error | undefined;
}

const EMPTY: RowsView = {
  rows: [],
  held: 0,
  stale: false,
  older: null,
  capped: false,
  status: 'loading',
  error: undefined,
};

/**
 * The events list as one store: API pages appended, live events prepended (or held back), every
 * id once, at most `max` rows. Mutations are O(rows) at worst and happen at most once per
 * animation frame (the live hook coalesces), so 1,000 events/s cost a few array copies a second.
 */
export class EventRows {
  private view: RowsView = EMPTY;
  private rows: readonly LiveEvent[] = [];
  /** Ids in `rows`. */
  private readonly ids = new Set<string>();
  /** Held-back events, oldest first, and their ids. */
  private held: LiveEvent[] = [];
  private readonly heldIds = new Set<string>();
  private stale = false;
  private older: string | null = null;
  private capped = false;
  private status: RowsView['status'] = 'loading';
  private error: Error | undefined;
  /** Live events since a reload began: they go on top of its first page. */
  private sinceReload: LiveEvent[] | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly max = MAX_ROWS) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly snapshot = (): RowsView => this.view;

  /** A new list (the filter changed): nothing shown until its first page. */
  clear(): void {
    this.setRows([]);
    this.dropHeld();
    this.stale = false;
    this.older = null;
    this.capped = false;
    this.sinceReload = [];
    this.loading();
  }

  /** A reload of the first page began; the rows stay until it arrives. */
  reloading(): void {
    this.sinceReload = [];
    this.loading();
  }

  /** The newest page: it replaces the rows; live events since the reload go on top (or wait). */
  firstPage(items: readonly LiveEvent[], older: string | null, hold: boolean): void {
    const since = this.sinceReload ?? [];
    this.sinceReload = undefined;
    this.setRows([]);
    this.rows = this.unique(items);
    this.older = older;
    this.capped = false;
    this.stale = false;
    this.dropHeld();
    for (const event of since) this.holdOne(event);
    if (!hold) this.putHeldOnTop();
    this.status = 'ready';
    this.error = undefined;
    this.commit();
  }

  /** An older page, below the rows. */
  olderPage(items: readonly LiveEvent[], older: string | null): void {
    this.rows = this.rows.concat(this.unique(items));
    this.older = older;
    this.status = 'ready';
    this.error = undefined;
    this.commit();
  }

  failed(error: Error): void {
    this.sinceReload = undefined;
    this.status = 'error';
    this.error = error;
    this.commit();
  }

  /** New events, oldest first; repeats (by id) are dropped. */
  add(items: readonly LiveEvent[], hold: boolean): void {
    const before = { held: this.held.length, stale: this.stale };
    const fresh: LiveEvent[] = [];
    for (const event of items) {
      if (this.ids.has(event.id) || this.heldIds.has(event.id)) continue;
      this.sinceReload?.push(event);
      if (hold) {
        this.holdOne(event);
      } else {
        this.ids.add(event.id);
        fresh.push(event);
      }
    }
    if (fresh.length > 0) this.rows = fresh.reverse().concat(this.rows);
    // Repeats only: nothing to redraw.
    if (fresh.length > 0 || this.held.length !== before.held || this.stale !== before.stale)
      this.commit();
  }

  /** The list restarted while held (a reconnect with too much missed): showing must reload. */
  markStale(): void {
    this.stale = true;
    this.dropHeld();
    this.commit();
  }

  /** Puts the held events on top. Returns false when they cannot be (stale: reload instead). */
  release(): boolean {
    if (this.stale) return false;
    if (this.held.length > 0) {
      this.putHeldOnTop();
      this.commit();
    }
    return true;
  }

  private putHeldOnTop(): void {
    const fresh: LiveEvent[] = [];
    for (const event of this.held) {
      if (this.ids.has(event.id)) continue;
      this.ids.add(event.id);
      fresh.push(event);
    }
    this.dropHeld();
    if (fresh.length > 0) this.rows = fresh.reverse().concat(this.rows);
  }

  /** Items not already listed, in order; their ids are recorded. */
  private unique(items: readonly LiveEvent[]): LiveEvent[] {
    const out: LiveEvent[] = [];
    for (const event of items) {
      if (this.ids.has(event.id)) continue;
      this.ids.add(event.id);
      out.push(event);
    }
    return out;
  }

  private holdOne(event: LiveEvent): void {
    if (this.ids.has(event.id) || this.heldIds.has(event.id)) return;
    this.held.push(event);
    this.heldIds.add(event.id);
    if (this.held.length > this.max) {
      // Holding more than the list could show is pointless: showing them reloads instead.
      this.dropHeld();
      this.stale = true;
    }
  }

  private dropHeld(): void {
    this.held = [];
    this.heldIds.clear();
  }

  private setRows(rows: readonly LiveEvent[]): void {
    this.rows = rows;
    this.ids.clear();
    for (const event of rows) this.ids.add(event.id);
  }

  private loading(): void {
    this.status = 'loading';
    this.error = undefined;
    this.commit();
  }

  /** Caps the rows (the oldest go) and publishes a new view. */
  private commit(): void {
    if (this.rows.length > this.max) {
      for (let i = this.max; i < this.rows.length; i++) this.ids.delete(this.rows[i]!.id);
      this.rows = this.rows.slice(0, this.max);
      this.older = null;
      this.capped = true;
    }
    this.view = {
      rows: this.rows,
      held: this.held.length,
      stale: this.stale,
      older: this.older,
      capped: this.capped,
      status: this.status,
      error: this.error,
    };
    for (const listener of [...this.listeners]) listener();
  }
}
