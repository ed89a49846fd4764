import { DonutChart } from '@mantine/charts';
import { Box } from '@mantine/core';
import { chartLabel, type Slice } from './overview.view';

/**
 * A donut of the non-empty slices; a click on a segment opens the Events view filtered to it.
 * The chart is a picture to screen readers (its name carries the numbers); the list beside it
 * is how keyboards and assistive technology reach each slice.
 */
export function SliceDonut({ name, slices }: { name: string; slices: readonly Slice[] }) {
  const shown = slices.filter((s) => s.count > 0);
  if (shown.length === 0) return null;
  return (
    <Box
      role="img"
      aria-label={chartLabel(name, slices)}
      display="flex"
      style={{ justifyContent: 'center' }}
    >
      <DonutChart
        data={shown.map((s) => ({ name: s.label, value: s.count, color: s.color }))}
        size={150}
        thickness={24}
        tooltipDataSource="segment"
        accessibilityLayer={false}
        cellProps={{ style: { cursor: 'pointer' } }}
        pieProps={{
          onClick: (_data, index) => {
            const href = shown[index]?.href;
            if (href) window.location.hash = href;
          },
        }}
      />
    </Box>
  );
}
