import type { GroupStatus } from '@aerie/contracts';
import { Badge } from '@mantine/core';
import { STATUS_COLORS, STATUS_LABELS } from './status.view';

/** A dot of the status colour beside text in the page's own colour: readable in both schemes. */
export function StatusBadge({ status }: { status: GroupStatus }) {
  return (
    <Badge color={STATUS_COLORS[status]} variant="dot" style={{ textTransform: 'none' }}>
      {STATUS_LABELS[status]}
    </Badge>
  );
}
