import type { Priority } from '@aerie/contracts';
import { Anchor, Table } from '@mantine/core';
import { formatCount } from '../../shared/format';
import { bucketTime, type HistogramRow } from './overview.view';

/** The histogram's numbers as text: one row per bucket with events, its time a link to them. */
export function HistogramTable({
  id,
  rows,
  series,
  bucket,
  hrefOf,
}: {
  id: string;
  rows: readonly HistogramRow[];
  series: ReadonlyArray<{ name: Priority }>;
  bucket: string;
  hrefOf: (row: HistogramRow) => string | null;
}) {
  const shown = rows.filter((r) => r.total > 0);
  return (
    <Table.ScrollContainer minWidth={480} mt="md" id={id}>
      <Table striped withTableBorder captionSide="top">
        <Table.Caption>Events per {bucket} bucket with events (UTC)</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Bucket start</Table.Th>
            <Table.Th scope="col">Total</Table.Th>
            {series.map((s) => (
              <Table.Th scope="col" key={s.name}>
                {s.name}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {shown.map((row) => {
            const href = hrefOf(row);
            const time = bucketTime(row.start);
            return (
              <Table.Tr key={row.start}>
                <Table.Th scope="row">
                  {href === null ? time : <Anchor href={href}>{time}</Anchor>}
                </Table.Th>
                <Table.Td>{formatCount(row.total)}</Table.Td>
                {series.map((s) => (
                  <Table.Td key={s.name}>{formatCount(row[s.name] ?? 0)}</Table.Td>
                ))}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
