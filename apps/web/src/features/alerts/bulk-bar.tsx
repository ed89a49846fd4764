import type { GroupStatus, Me, UpdateGroup } from '@aerie/contracts';
import { BULK_FILTER_MAX } from '@aerie/contracts';
import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { formatCount } from '../../shared/format';
import { AssigneeForm } from './assignee-form';
import { errorText } from './error-text';
import { bulkFilterOf } from './groups.view';
import { bulkTarget, describeSelection, isEmpty, plural, type Selection } from './selection.view';
import { useAssignees } from './use-assignees';
import { useMatchingTotal } from './use-groups';
import { useBulkUpdate } from './use-triage';

const STATUS_BULK: ReadonlyArray<{ label: string; verb: string; to: GroupStatus }> = [
  { label: 'Acknowledge', verb: 'Acknowledge', to: 'acknowledged' },
  { label: 'Resolve', verb: 'Resolve', to: 'resolved' },
  { label: 'False positive', verb: 'Mark as false positive', to: 'false_positive' },
];

/**
 * Actions on the selected groups, or on every group matching the filter (the server resolves
 * the filter, so groups not loaded are changed too). Each is confirmed with the count first.
 */
export function BulkBar({
  me,
  query,
  selection,
  knownTotal,
  canSelectMatching,
  onSelectMatching,
  onClear,
}: {
  me: Me;
  /** The list's API query: the filter of "all matching". */
  query: URLSearchParams;
  selection: Selection;
  /** The list's total when all of it is loaded. */
  knownTotal: number | undefined;
  canSelectMatching: boolean;
  onSelectMatching: () => void;
  onClear: () => void;
}) {
  const [confirming, setConfirming] = useState<(typeof STATUS_BULK)[number] | null>(null);
  const [assigning, setAssigning] = useState(false);
  const [done, setDone] = useState<number>();
  const users = useAssignees(me);
  const bulk = useBulkUpdate();
  const matching = selection.kind === 'matching';
  const counted = useMatchingTotal(query, matching && knownTotal === undefined);
  const total = knownTotal ?? counted.data;
  const tooMany = matching && total !== undefined && total > BULK_FILTER_MAX;
  const counting = matching && total === undefined && counted.isFetching;
  const what = describeSelection(selection, total);
  const empty = isEmpty(selection);

  const close = () => {
    setConfirming(null);
    setAssigning(false);
    bulk.reset();
  };
  const run = (change: UpdateGroup) => {
    setDone(undefined);
    bulk.mutate(
      { ...bulkTarget(selection, bulkFilterOf(query)), ...change },
      {
        onSuccess: (updated) => {
          setDone(updated);
          close();
          onClear();
        },
      },
    );
  };

  return (
    <>
      <Group role="toolbar" aria-label="Bulk actions" gap="xs">
        <Text size="sm" aria-live="polite">
          {empty ? 'No groups selected' : `${capitalize(what)} selected`}
          {counting && ' (counting…)'}
        </Text>
        {canSelectMatching && !matching && (
          <Button variant="subtle" size="xs" onClick={onSelectMatching}>
            Select all matching the filter
          </Button>
        )}
        {STATUS_BULK.map((a) => (
          <Button key={a.to} size="xs" disabled={empty} onClick={() => setConfirming(a)}>
            {a.label}
          </Button>
        ))}
        <Button size="xs" variant="default" disabled={empty} onClick={() => setAssigning(true)}>
          Assign…
        </Button>
        {!empty && (
          <Button size="xs" variant="subtle" onClick={onClear}>
            Clear selection
          </Button>
        )}
        {done !== undefined && (
          <Text size="sm" role="status">
            Updated {plural(done)}.
          </Text>
        )}
      </Group>

      <Modal opened={confirming !== null} onClose={close} title="Confirm bulk change">
        <Stack>
          <Text>
            {confirming?.verb} {what}?
          </Text>
          {tooMany && (
            <Alert color="orange" title="Too many groups">
              A change on a filter touches at most {formatCount(BULK_FILTER_MAX)} groups: narrow the
              filter.
            </Alert>
          )}
          <BulkError error={bulk.error} />
          <Group justify="end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button
              loading={bulk.isPending}
              disabled={counting || tooMany}
              onClick={() => confirming && run({ status: confirming.to })}
            >
              Confirm
            </Button>
          </Group>
        </Stack>
      </Modal>

      <Modal opened={assigning} onClose={close} title="Assign groups">
        <Stack>
          <Text>Assign {what} to:</Text>
          <AssigneeForm
            me={me}
            users={users}
            busy={bulk.isPending || counting || tooMany}
            error={bulk.error}
            onAssign={(assignee) => run({ assignee })}
          />
        </Stack>
      </Modal>
    </>
  );
}

function BulkError({ error }: { error: Error | null }) {
  if (!error) return null;
  return (
    <Alert color="red" role="alert" title="Could not change the groups">
      {errorText(error)}
    </Alert>
  );
}

const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
