import type { AlertGroup, LiveEvent, StoredEvent } from '@aerie/contracts';
import { toLive } from '../shared/live/use-live-events';

/** Events and their alert group shaped as the API answers, for every feature's tests. */

/** A UUID per number, so ids follow seq. */
export const uuid = (n: number, prefix = '0195a3c2-7f4e-7b1a-9c3d'): string =>
  `${prefix}-${String(n).padStart(12, '0')}`;

/** The group every fixture event belongs to (same fingerprint). */
export const GROUP_ID = uuid(1, '0195a3c2-7f4e-7b1a-8aaa');

export function storedEvent(seq: number, overrides: Partial<StoredEvent> = {}): StoredEvent {
  return {
    id: uuid(seq),
    seq,
    received_at: '2026-05-01T10:00:00.200Z',
    time: `2026-05-01T10:${String(Math.floor(seq / 60) % 60).padStart(2, '0')}:${String(seq % 60).padStart(2, '0')}.123456789Z`,
    priority: 'Notice',
    rule: 'Terminal shell in container',
    output: `A shell was spawned in a container (event ${seq})`,
    output_fields: { 'proc.name': 'bash', 'k8s.ns.name': 'payments', 'proc.pid': 4242 },
    source: 'syscall',
    tags: ['container', 'shell'],
    hostname: 'node-1',
    cluster: 'prod-eu',
    namespace: 'payments',
    workload: 'api',
    pod: 'api-7d9f8b6c5-x2k4q',
    container_image: 'registry.example/api:1.2',
    boundary: 'host',
    fingerprint: 'f1',
    group_id: GROUP_ID,
    ...overrides,
  };
}

/** The event as the live stream carries it. */
export const liveEvent = (seq: number, overrides: Partial<StoredEvent> = {}): LiveEvent =>
  toLive(storedEvent(seq, overrides));

export function alertGroup(overrides: Partial<AlertGroup> = {}): AlertGroup {
  return {
    id: GROUP_ID,
    fingerprint: 'f1',
    rule: 'Terminal shell in container',
    source: 'syscall',
    cluster: 'prod',
    namespace: 'payments',
    workload: 'api',
    hostname: 'node-1',
    boundary: 'host',
    priority: 'Notice',
    count: 12,
    first_seen: '2026-05-01T09:00:00.000Z',
    last_seen: '2026-05-01T10:00:00.000Z',
    status: 'new',
    assignee: null,
    status_changed_at: null,
    comment_count: 0,
    ...overrides,
  };
}
