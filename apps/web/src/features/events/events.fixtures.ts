import type { EventDelivery, Stats, StoredEventDetail } from '@aerie/contracts';
import { storedEvent, uuid } from '../../test/events.fixture';

/**
 * Test data for the events view, shaped as the API answers (the specs parse it with the
 * contracts); the events themselves and their group are in test/events.fixture.
 */

export function eventDetail(seq: number): StoredEventDetail {
  const event = storedEvent(seq);
  return {
    ...event,
    raw: {
      time: event.time,
      rule: event.rule,
      priority: event.priority,
      output: event.output,
      output_fields: event.output_fields,
      hostname: 'node-1',
      uuid: 'from-falco',
    },
  };
}

export function delivery(overrides: Partial<EventDelivery> = {}): EventDelivery {
  return {
    id: '41',
    event_id: uuid(1),
    output: 'slack-secops',
    status: 'dead',
    attempts: 8,
    created_at: '2026-05-01T10:00:01Z',
    due_at: null,
    finished_at: '2026-05-01T10:20:00Z',
    last_status: 500,
    last_error: 'HTTP 500 from hooks.slack.com',
    attempts_log: [],
    ...overrides,
  };
}

export function stats(overrides: Partial<Stats> = {}): Stats {
  return {
    total: 15,
    by_priority: [
      { value: 'Critical', count: 3 },
      { value: 'Notice', count: 12 },
    ],
    by_rule: [{ value: 'Terminal shell in container', count: 15 }],
    by_source: [{ value: 'syscall', count: 15 }],
    by_hostname: [{ value: 'node-1', count: 15 }],
    by_tag: [{ value: 'shell', count: 15 }],
    by_cluster: [{ value: 'prod-eu', count: 15 }],
    by_namespace: [
      { value: 'payments', count: 10 },
      { value: 'checkout', count: 4 },
      { value: null, count: 1 },
    ],
    by_boundary: [{ value: 'host', count: 15 }],
    histogram: { bucket: '1h', buckets: [] },
    ...overrides,
  };
}
