import { Badge, Button, CloseButton, Group } from '@mantine/core';
import type { Chip } from './filter-params';

const LIST = { listStyle: 'none' } as const;

/**
 * A view's filters: group "Filters" holding a list "Filters" of chips ("namespace: payments",
 * each with "Remove filter namespace: payments") and, when the view offers it, "Clear filters".
 * The time range has its own picker.
 */
export function FilterChips({
  chips,
  onRemove,
  onClear,
}: {
  chips: readonly Chip[];
  onRemove: (chip: Chip) => void;
  onClear?: () => void;
}) {
  if (chips.length === 0) return null;
  return (
    <Group gap="xs" role="group" aria-label="Filters">
      <Group component="ul" aria-label="Filters" gap="xs" p={0} m={0} style={LIST}>
        {chips.map((chip) => (
          <li key={`${chip.key}=${chip.value}`}>
            <Badge
              variant="light"
              size="lg"
              tt="none"
              rightSection={
                <CloseButton
                  size="xs"
                  aria-label={`Remove filter ${chip.label}`}
                  onClick={() => onRemove(chip)}
                />
              }
            >
              {chip.label}
            </Badge>
          </li>
        ))}
      </Group>
      {onClear && (
        <Button variant="subtle" size="compact-sm" onClick={onClear}>
          Clear filters
        </Button>
      )}
    </Group>
  );
}
