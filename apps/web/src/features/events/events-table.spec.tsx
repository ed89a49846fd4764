import { StoredEventSchema, type StoredEvent } from '@aerie/contracts';
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { EventsTable } from './events-table';

function event(overrides: Partial<StoredEvent>): StoredEvent {
  return {
    id: '0195a3c2-7f4e-7b1a-9c3d-2e8f6a1b4c5d',
    seq: 1,
    received_at: '2026-05-01T10:00:00.200Z',
    time: '2026-05-01T10:00:00.123456789Z',
    priority: 'Notice',
    rule: 'Terminal shell in container',
    output:
      '10:00:00.123456789: Notice A shell was spawned in a container with an attached terminal (proc.name=bash)',
    output_fields: { 'proc.name': 'bash', 'k8s.ns.name': 'payments' },
    source: 'syscall',
    tags: ['container', 'shell'],
    hostname: 'node-1',
    cluster: null,
    namespace: 'payments',
    workload: 'api',
    pod: 'api-7d9f8b6c5-x2k4q',
    container_image: null,
    boundary: 'host',
    fingerprint: 'f1',
    group_id: '0195a3c2-7f4e-7b1a-9c3d-000000000001',
    ...overrides,
  };
}

describe('EventsTable', () => {
  it('is fed fixtures the API contract accepts', () => {
    expect(StoredEventSchema.safeParse(event({})).success).toBe(true);
  });

  it('renders one row per event with its rule, priority badge and fields', () => {
    render(
      <EventsTable
        caption="Latest events"
        events={[
          event({}),
          event({
            id: '0195a3c2-7f4e-7b1a-9c3d-2e8f6a1b4c5e',
            seq: 2,
            time: '2026-05-01T10:05:00Z',
            priority: 'Critical',
            rule: 'Outbound Connection to C2 Servers',
            output: null,
            hostname: null,
            namespace: null,
            boundary: 'network',
          }),
        ]}
      />,
    );

    const table = screen.getByRole('table', { name: 'Latest events' });
    const headers = within(table)
      .getAllByRole('columnheader')
      .map((h) => h.textContent);
    expect(headers).toEqual([
      'Time (UTC)',
      'Priority',
      'Rule',
      'Source',
      'Host',
      'Namespace',
      'Boundary',
      'Output',
    ]);

    const rows = within(table).getAllByRole('row').slice(1); // skip the header row
    expect(rows).toHaveLength(2);

    const [shell, c2] = rows as [HTMLElement, HTMLElement];
    expect(within(shell).getByRole('cell', { name: 'Terminal shell in container' })).toBeTruthy();
    const notice = within(shell).getByText('Notice');
    expect(notice.className).toBe('badge badge--notice');
    expect(within(shell).getByText('2026-05-01 10:00:00.123').getAttribute('datetime')).toBe(
      '2026-05-01T10:00:00.123456789Z',
    );
    expect(within(shell).getByRole('cell', { name: 'payments' })).toBeTruthy();
    expect(within(shell).getByRole('cell', { name: 'node-1' })).toBeTruthy();

    expect(
      within(c2).getByRole('cell', { name: 'Outbound Connection to C2 Servers' }),
    ).toBeTruthy();
    expect(within(c2).getByText('Critical').className).toBe('badge badge--critical');
    expect(within(c2).getByText('network')).toBeTruthy();
    expect(within(c2).getAllByRole('cell', { name: '—' })).toHaveLength(3); // host, namespace, output
  });

  it('says how to send events when there are none', () => {
    render(<EventsTable caption="Latest events" events={[]} />);
    const rows = screen.getAllByRole('row');
    expect(rows).toHaveLength(2);
    expect(rows[1]?.textContent).toContain('No events yet');
  });
});
