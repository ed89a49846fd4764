import type { JsonValue } from '@aerie/contracts';
import { Button, Code, CopyButton, Table } from '@mantine/core';

const VALUE = { wordBreak: 'break-all', whiteSpace: 'pre-wrap' } as const;

/** Falco's output fields, one row each, every value copyable ("Copy proc.cmdline"). */
export function EventFields({ fields }: { fields: Record<string, JsonValue> }) {
  const entries = Object.entries(fields);
  if (entries.length === 0) return <p>No output fields.</p>;
  return (
    <Table aria-label="Output fields" layout="fixed" verticalSpacing={4}>
      <colgroup>
        <col style={{ width: '35%' }} />
        <col />
        <col style={{ width: 80 }} />
      </colgroup>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Field</Table.Th>
          <Table.Th>Value</Table.Th>
          <Table.Th>
            <span className="visually-hidden">Copy</span>
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {entries.map(([name, value]) => {
          const text = fieldText(value);
          return (
            <Table.Tr key={name}>
              <Table.Td style={VALUE}>
                <Code>{name}</Code>
              </Table.Td>
              <Table.Td style={VALUE}>{text}</Table.Td>
              <Table.Td>
                <CopyButton value={text}>
                  {({ copied, copy }) => (
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      aria-label={`Copy ${name}`}
                      onClick={copy}
                    >
                      {copied ? 'Copied' : 'Copy'}
                    </Button>
                  )}
                </CopyButton>
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}

/** Strings as they are; anything else as JSON. */
export function fieldText(value: JsonValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
