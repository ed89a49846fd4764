import { Kbd, Modal, Table } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { useState } from 'react';
import { SEARCH_INPUT_ID } from '../../shared/filter/search-box';

/** The keyboard map every list page follows; `?` shows it. */
export const SHORTCUTS: ReadonlyArray<readonly [string, string]> = [
  ['/', 'Search'],
  ['j / k', 'Next / previous row'],
  ['Enter', 'Open the selected row'],
  ['Esc', 'Close the drawer or dialog'],
  ['?', 'This help'],
];

export function Shortcuts() {
  const [open, setOpen] = useState(false);
  useHotkeys([
    ['/', () => document.getElementById(SEARCH_INPUT_ID)?.focus(), { preventDefault: true }],
    ['shift+?', () => setOpen(true)],
  ]);
  return (
    <Modal opened={open} onClose={() => setOpen(false)} title="Keyboard shortcuts">
      <Table>
        <Table.Tbody>
          {SHORTCUTS.map(([keys, what]) => (
            <Table.Tr key={keys}>
              <Table.Td>
                <Kbd>{keys}</Kbd>
              </Table.Td>
              <Table.Td>{what}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Modal>
  );
}
