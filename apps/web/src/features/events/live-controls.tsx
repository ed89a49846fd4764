import { Button, Group, Text } from '@mantine/core';
import { formatCount } from '../../shared/format';

/**
 * Live tail controls: "Pause live" / "Resume live", and "N new events" while new events are held
 * back (paused, or scrolled away from the top) — it jumps to the top and shows them.
 */
export function LiveControls({
  live,
  paused,
  held,
  stale,
  onPause,
  onShowNew,
}: {
  /** False for a range that ends in the past: nothing new can match. */
  live: boolean;
  paused: boolean;
  held: number;
  stale: boolean;
  onPause: (paused: boolean) => void;
  onShowNew: () => void;
}) {
  if (!live) {
    return (
      <Text size="sm" c="dimmed">
        Live tail off: the range has an end
      </Text>
    );
  }
  return (
    <Group gap="xs" wrap="nowrap">
      <Button variant="default" size="xs" onClick={() => onPause(!paused)}>
        {paused ? 'Resume live' : 'Pause live'}
      </Button>
      {(held > 0 || stale) && (
        <Button size="xs" onClick={onShowNew}>
          {stale
            ? 'Load new events'
            : `${formatCount(held)} new ${held === 1 ? 'event' : 'events'}`}
        </Button>
      )}
    </Group>
  );
}
