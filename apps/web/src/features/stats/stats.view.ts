import { PRIORITIES, parsePriority, type Priority, type Stats } from '@aerie/contracts';

export interface PriorityCount {
  priority: Priority;
  count: number;
}

/** Every priority, most severe first, with its count (0 when absent from the stats). */
export function priorityCounts(byPriority: Stats['by_priority']): PriorityCount[] {
  const counts = new Map<Priority, number>();
  for (const { value, count } of byPriority) {
    const p = value === null ? undefined : parsePriority(value);
    if (p) counts.set(p, (counts.get(p) ?? 0) + count);
  }
  return PRIORITIES.map((priority) => ({ priority, count: counts.get(priority) ?? 0 }));
}
