import type { Stats } from '@aerie/contracts';
import { BarChart } from '@mantine/charts';
import { Box, Group, Paper, Switch, Text, Title } from '@mantine/core';
import { useId, useMemo, useState } from 'react';
import { navigate } from '../../shared/use-route';
import { HistogramTable } from './histogram-table';
import { bucketFilter, eventsHref, histogramLabel, histogramView } from './overview.view';

/**
 * Events per time bucket, stacked by priority. A click on a bucket opens the Events view over
 * that bucket; the table (a switch away) gives the same numbers and links as text.
 */
export function PriorityHistogram({ stats, filter }: { stats: Stats; filter: URLSearchParams }) {
  const headingId = useId();
  const tableId = useId();
  const [asTable, setAsTable] = useState(false);
  const view = useMemo(() => histogramView(stats.histogram), [stats.histogram]);

  const openBucket = (index: number): void => {
    const row = view.rows[index];
    const range = row && bucketFilter(filter, row.start, view.bucketMs);
    if (range) navigate({ page: 'events' }, range);
  };

  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby={headingId}>
      <Group justify="space-between" mb="sm">
        <Title order={3} size="h5" id={headingId}>
          Events over time (UTC, per {stats.histogram.bucket})
        </Title>
        <Switch
          label="Show histogram as table"
          checked={asTable}
          onChange={(e) => setAsTable(e.currentTarget.checked)}
          aria-controls={asTable ? tableId : undefined}
        />
      </Group>
      {view.rows.length === 0 ? (
        <Text size="sm">No events in this range</Text>
      ) : (
        <Box
          role="img"
          aria-label={histogramLabel(stats.total, stats.histogram.bucket, view.rows)}
          style={{ cursor: 'pointer' }}
        >
          <BarChart
            h={240}
            data={view.rows}
            dataKey="label"
            type="stacked"
            series={view.series}
            withLegend
            accessibilityLayer={false}
            tooltipAnimationDuration={0}
            barChartProps={{
              // The bucket under the pointer (recharts tracks it as the tooltip's index).
              onClick: ({ activeTooltipIndex }) => {
                if (activeTooltipIndex === null || activeTooltipIndex === undefined) return;
                const index = Number(activeTooltipIndex);
                if (Number.isInteger(index)) openBucket(index);
              },
            }}
          />
        </Box>
      )}
      {asTable && (
        <HistogramTable
          id={tableId}
          rows={view.rows}
          series={view.series}
          bucket={stats.histogram.bucket}
          hrefOf={(row) => {
            const range = bucketFilter(filter, row.start, view.bucketMs);
            return range ? eventsHref(range) : null;
          }}
        />
      )}
    </Paper>
  );
}
