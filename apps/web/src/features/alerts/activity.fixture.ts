import type { GroupActivity } from '@aerie/contracts';

/** One line of a group's history as the API returns it, for tests. */
export function activity(overrides: Partial<GroupActivity> = {}): GroupActivity {
  return {
    id: '1',
    at: '2026-05-01T10:05:00.000Z',
    actor: 'alice',
    kind: 'comment',
    body: 'Looking into it',
    from: null,
    to: null,
    ...overrides,
  };
}
