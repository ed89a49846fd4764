import { Button, Checkbox, Popover, Stack } from '@mantine/core';
import { COLUMNS, type Column } from './event-columns';

/** "Columns": a checkbox per column; at least one stays. */
export function ColumnPicker({
  columns,
  onChange,
}: {
  columns: readonly Column[];
  onChange: (ids: string[]) => void;
}) {
  const chosen = columns.map((c) => c.id as string);
  return (
    <Popover position="bottom-end" withArrow trapFocus>
      <Popover.Target>
        <Button variant="default" size="xs">
          Columns
        </Button>
      </Popover.Target>
      <Popover.Dropdown aria-label="Columns">
        <Checkbox.Group value={chosen} onChange={onChange} aria-label="Columns shown">
          <Stack gap={6}>
            {COLUMNS.map((c) => (
              <Checkbox
                key={c.id}
                value={c.id}
                label={c.label}
                disabled={chosen.length === 1 && chosen[0] === c.id}
              />
            ))}
          </Stack>
        </Checkbox.Group>
      </Popover.Dropdown>
    </Popover>
  );
}
