import type { Stats } from '@aerie/contracts';
import { formatCount } from '../../shared/format';
import { PriorityBadge } from '../../shared/priority-badge';
import { priorityCounts } from './stats.view';

/** Total and per-priority counts of a stats answer. */
export function PriorityCounts({ stats }: { stats: Stats }) {
  return (
    <>
      <p className="total">
        <strong>{formatCount(stats.total)}</strong> {stats.total === 1 ? 'event' : 'events'}
      </p>
      <ul className="counts" aria-label="Events by priority">
        {priorityCounts(stats.by_priority).map(({ priority, count }) => (
          <li
            key={priority}
            className={count === 0 ? 'counts__item counts__item--zero' : 'counts__item'}
          >
            <PriorityBadge priority={priority} />
            <span className="counts__value">{formatCount(count)}</span>
          </li>
        ))}
      </ul>
    </>
  );
}
