import {
  Alert,
  Button,
  Group,
  Popover,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import {
  describeRange,
  fromUtcInput,
  presetOf,
  TIME_PRESETS,
  toUtcInput,
  type TimeRange,
} from './time-range';

const PRESET_DATA = TIME_PRESETS.map((p) => ({ value: p, label: p }));

/**
 * The time range of a view: one click for the relative presets (radio group "Time range"), or
 * an absolute from/to in UTC ("Custom range"). The caller keeps the range in its URL
 * (`rangeOf` / `withRange`).
 */
export function TimeRangePicker({
  value,
  onChange,
}: {
  value: TimeRange;
  onChange: (range: TimeRange) => void;
}) {
  const preset = presetOf(value);
  const [open, setOpen] = useState(false);
  return (
    <Group gap="xs" wrap="nowrap">
      <SegmentedControl
        aria-label="Time range"
        size="xs"
        data={PRESET_DATA}
        value={preset ?? ''}
        onChange={(since) => onChange({ since })}
      />
      <Popover opened={open} onChange={setOpen} position="bottom-end" trapFocus withArrow>
        <Popover.Target>
          <Button variant="default" size="xs" onClick={() => setOpen((o) => !o)}>
            Custom range
          </Button>
        </Popover.Target>
        <Popover.Dropdown aria-label="Custom time range">
          {open && (
            <CustomRange
              value={value}
              onApply={(range) => {
                setOpen(false);
                onChange(range);
              }}
            />
          )}
        </Popover.Dropdown>
      </Popover>
      {preset === undefined && (
        <Text size="sm" c="dimmed">
          {describeRange(value)}
        </Text>
      )}
    </Group>
  );
}

/** From (required) and to (empty: now), in UTC. */
function CustomRange({
  value,
  onApply,
}: {
  value: TimeRange;
  onApply: (range: TimeRange) => void;
}) {
  const [from, setFrom] = useState(() => toUtcInput(value.since));
  const [to, setTo] = useState(() => toUtcInput(value.until));
  const [error, setError] = useState<string>();

  const apply = (e: FormEvent) => {
    e.preventDefault();
    const since = fromUtcInput(from);
    const until = to.trim() === '' ? undefined : fromUtcInput(to);
    if (since === undefined) return setError('Enter when the range starts.');
    if (to.trim() !== '' && until === undefined) return setError('Enter a valid end, or none.');
    if (until !== undefined && until <= since)
      return setError('The end must come after the start.');
    onApply(until === undefined ? { since } : { since, until });
  };

  return (
    <form onSubmit={apply} noValidate>
      <Stack gap="xs">
        <TextInput
          type="datetime-local"
          label="From (UTC)"
          value={from}
          onChange={(e) => setFrom(e.currentTarget.value)}
        />
        <TextInput
          type="datetime-local"
          label="To (UTC)"
          description="Empty: until now"
          value={to}
          onChange={(e) => setTo(e.currentTarget.value)}
        />
        {error && (
          <Alert color="red" p="xs" role="alert">
            {error}
          </Alert>
        )}
        <Button type="submit" size="xs">
          Apply
        </Button>
      </Stack>
    </form>
  );
}
