import { Anchor, Box, Group, Paper, Text, Title } from '@mantine/core';
import { useId } from 'react';
import { formatCount } from '../../shared/format';
import type { Dimension, Slice } from './overview.view';
import { SliceDonut } from './slice-donut';

/**
 * One dimension's counts: an optional donut, and a list of links with proportional bars — the
 * chart for the long-tailed dimensions and the text alternative (and keyboard path) for all.
 */
export function CountCard({
  dimension,
  slices,
  withDonut = false,
}: {
  dimension: Dimension;
  slices: readonly Slice[];
  withDonut?: boolean;
}) {
  const headingId = useId();
  const max = Math.max(0, ...slices.map((s) => s.count));
  return (
    <Paper withBorder p="md" radius="md" aria-labelledby={headingId} component="section">
      <Title order={3} size="h5" id={headingId} mb="sm">
        {dimension.title}
      </Title>
      {withDonut && <SliceDonut name={dimension.name} slices={slices} />}
      {slices.length === 0 ? (
        <Text size="sm">No events</Text>
      ) : (
        <Box component="ul" aria-label={dimension.name} p={0} m={0} style={{ listStyle: 'none' }}>
          {slices.map((slice) => (
            <Box component="li" key={slice.value ?? ''} py={4}>
              <Group justify="space-between" wrap="nowrap" gap="sm">
                {slice.href === null ? (
                  <Text size="sm" truncate="end">
                    {slice.label}
                  </Text>
                ) : (
                  <Anchor href={slice.href} size="sm" truncate="end" title={slice.label}>
                    {slice.label}
                  </Anchor>
                )}
                <Text size="sm" ff="monospace" style={{ flexShrink: 0 }}>
                  {formatCount(slice.count)}
                </Text>
              </Group>
              <Box
                aria-hidden
                h={4}
                mt={2}
                bg={slice.color}
                w={`${max === 0 ? 0 : (slice.count / max) * 100}%`}
                style={{ borderRadius: 2 }}
              />
            </Box>
          ))}
        </Box>
      )}
    </Paper>
  );
}
