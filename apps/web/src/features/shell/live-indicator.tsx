import { Badge } from '@mantine/core';
import { useLiveStatus } from '../../shared/live/live-context';

const LOOK = {
  open: { color: 'green', text: 'Live' },
  connecting: { color: 'yellow', text: 'Connecting…' },
  closed: { color: 'red', text: 'Offline · reconnecting' },
} as const;

/** Whether pushed updates are flowing (the views catch up by themselves after a gap). */
export function LiveIndicator() {
  const status = useLiveStatus();
  const look = LOOK[status];
  return (
    <Badge role="status" aria-label={`Live updates: ${look.text}`} color={look.color} variant="dot">
      {look.text}
    </Badge>
  );
}
