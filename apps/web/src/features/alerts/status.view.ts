import { GROUP_STATUSES, type GroupStatus } from '@aerie/contracts';

/** How a status reads, and the colour of its badge. */
export const STATUS_LABELS: Record<GroupStatus, string> = {
  new: 'New',
  acknowledged: 'Acknowledged',
  resolved: 'Resolved',
  false_positive: 'False positive',
};

export const STATUS_COLORS: Record<GroupStatus, string> = {
  new: 'red',
  acknowledged: 'yellow',
  resolved: 'green',
  false_positive: 'gray',
};

/** The queue an analyst works by default: what nobody has closed yet. */
export const OPEN_STATUSES: readonly GroupStatus[] = ['new', 'acknowledged'];

export interface StatusTab {
  value: string;
  label: string;
  statuses: readonly GroupStatus[];
}

export const STATUS_TABS: readonly StatusTab[] = [
  { value: 'open', label: 'Open', statuses: OPEN_STATUSES },
  ...GROUP_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s], statuses: [s] })),
  { value: 'all', label: 'All', statuses: GROUP_STATUSES },
];

/**
 * The URL's `status` (the API's key and spelling, comma-separated or repeated), or the open
 * queue when it names none. Unknown values are kept: the API answers them with a 400 the page shows.
 */
export function statusParam(search: URLSearchParams): string {
  const values = search
    .getAll('status')
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
  return (values.length > 0 ? values : OPEN_STATUSES).join(',');
}

/** The tab whose statuses are exactly those of the URL (none for another mix). */
export function tabOf(search: URLSearchParams): string | undefined {
  const wanted = new Set(statusParam(search).split(','));
  return STATUS_TABS.find(
    (t) => t.statuses.length === wanted.size && t.statuses.every((s) => wanted.has(s)),
  )?.value;
}

/** The URL showing `tab`: the open queue is the default and needs no key. */
export function withTab(search: URLSearchParams, tab: string): URLSearchParams {
  const out = new URLSearchParams(search);
  out.delete('status');
  const found = STATUS_TABS.find((t) => t.value === tab);
  if (found && found.value !== 'open') out.set('status', found.statuses.join(','));
  return out;
}

export interface StatusAction {
  /** The button's name. */
  label: string;
  to: GroupStatus;
}

/** What an analyst can do from `status`: move it along the queue, or reopen a closed group. */
export function statusActions(status: GroupStatus): StatusAction[] {
  const acknowledge = { label: 'Acknowledge', to: 'acknowledged' } as const;
  const resolve = { label: 'Resolve', to: 'resolved' } as const;
  const falsePositive = { label: 'Mark false positive', to: 'false_positive' } as const;
  switch (status) {
    case 'new':
      return [acknowledge, resolve, falsePositive];
    case 'acknowledged':
      return [resolve, falsePositive];
    case 'resolved':
    case 'false_positive':
      return [{ label: 'Reopen', to: 'new' }];
  }
}
