import type { Stats } from '@aerie/contracts';
import { Alert, Group, Stack, Text, UnstyledButton } from '@mantine/core';
import { useId } from 'react';
import { formatCount } from '../../shared/format';
import { facetsOf, type Facet } from './facets.view';

const LIST_STYLE = { listStyle: 'none', margin: 0, padding: 0 } as const;
const VALUE_STYLE = {
  overflow: 'hidden',
  textOverflow: 'ellipsis',
  whiteSpace: 'nowrap',
  minWidth: 0,
} as const;

/**
 * Counts per facet beside the table. A value is a toggle button ("payments 10"): pressed, the
 * view filters by it; several values of one facet match any of them.
 */
export function EventFacets({
  stats,
  error,
  search,
  onToggle,
}: {
  stats: Stats | undefined;
  error: Error | null;
  search: URLSearchParams;
  onToggle: (key: string, value: string, active: boolean) => void;
}) {
  if (!stats && error) {
    return (
      <Alert color="red" role="alert" p="xs">
        Could not count: {error.message}
      </Alert>
    );
  }
  if (!stats) {
    return (
      <Text size="sm" c="dimmed" role="status">
        Counting…
      </Text>
    );
  }
  return (
    <Stack gap="md">
      {facetsOf(stats, search).map((facet) => (
        <FacetList key={facet.key} facet={facet} onToggle={onToggle} />
      ))}
    </Stack>
  );
}

function FacetList({
  facet,
  onToggle,
}: {
  facet: Facet;
  onToggle: (key: string, value: string, active: boolean) => void;
}) {
  const titleId = useId();
  return (
    <section aria-labelledby={titleId}>
      <Text id={titleId} size="xs" fw={700} tt="uppercase" c="dimmed" mb={4}>
        {facet.label}
      </Text>
      <ul style={LIST_STYLE} aria-labelledby={titleId}>
        {facet.values.map(({ value, count, active }) => (
          <li key={value ?? '\u0000none'}>
            {value === null ? (
              <Group justify="space-between" wrap="nowrap" px={6} py={2}>
                <Text size="sm" c="dimmed" fs="italic">
                  (none)
                </Text>
                <Text size="sm" c="dimmed">
                  {formatCount(count)}
                </Text>
              </Group>
            ) : (
              <UnstyledButton
                aria-pressed={active}
                onClick={() => onToggle(facet.key, value, active)}
                w="100%"
                px={6}
                py={2}
                bg={active ? 'var(--mantine-primary-color-light)' : undefined}
                style={{ borderRadius: 4 }}
              >
                <Group justify="space-between" wrap="nowrap" gap="xs">
                  <Text size="sm" style={VALUE_STYLE} title={value} fw={active ? 600 : undefined}>
                    {value}
                  </Text>
                  <Text size="sm" c="dimmed">
                    {formatCount(count)}
                  </Text>
                </Group>
              </UnstyledButton>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
