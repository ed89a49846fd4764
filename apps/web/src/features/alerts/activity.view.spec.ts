import { GroupActivitySchema } from '@aerie/contracts';
import { describe, expect, it } from 'vitest';
import { actorOf, describeActivity } from './activity.view';
import { activity } from './activity.fixture';

describe('activity lines', () => {
  it('says who did what', () => {
    expect(GroupActivitySchema.safeParse(activity()).success).toBe(true);
    expect(describeActivity(activity())).toBe('commented');
    expect(
      describeActivity(activity({ kind: 'status', body: null, from: 'new', to: 'false_positive' })),
    ).toBe('changed the status from New to False positive');
    expect(describeActivity(activity({ kind: 'assignee', from: null, to: 'bob' }))).toBe(
      'assigned bob',
    );
    expect(describeActivity(activity({ kind: 'assignee', from: 'bob', to: 'carol' }))).toBe(
      'reassigned from bob to carol',
    );
    expect(describeActivity(activity({ kind: 'assignee', from: 'bob', to: null }))).toBe(
      'unassigned bob',
    );
    const reopened = activity({ kind: 'reopened', actor: null, from: 'resolved', to: 'new' });
    expect(actorOf(reopened)).toBe('Aerie');
    expect(describeActivity(reopened)).toBe('reopened the group on a new event (was Resolved)');
  });
});
