import type { Priority } from '@aerie/contracts';

/** A priority name on its severity colour (see `.badge--*` in styles.css). */
export function PriorityBadge({ priority }: { priority: Priority }) {
  return <span className={`badge badge--${priority.toLowerCase()}`}>{priority}</span>;
}
