import type { GroupActivity } from '@aerie/contracts';
import { STATUS_LABELS } from './status.view';

/** Who did it: a person, a token, or Aerie itself (a reopening event). */
export function actorOf(activity: GroupActivity): string {
  return activity.actor ?? 'Aerie';
}

const statusLabel = (s: string | null): string =>
  s === null ? 'none' : (STATUS_LABELS[s as keyof typeof STATUS_LABELS] ?? s);

/** One line of the timeline, after the actor's name. */
export function describeActivity(activity: GroupActivity): string {
  switch (activity.kind) {
    case 'comment':
      return 'commented';
    case 'status':
      return `changed the status from ${statusLabel(activity.from)} to ${statusLabel(activity.to)}`;
    case 'assignee':
      if (activity.to === null) return `unassigned ${activity.from ?? 'the group'}`;
      return activity.from === null
        ? `assigned ${activity.to}`
        : `reassigned from ${activity.from} to ${activity.to}`;
    case 'reopened':
      return `reopened the group on a new event (was ${statusLabel(activity.from)})`;
  }
}
