import type { Me } from '@aerie/contracts';
import { Alert, Button, Stack, Title } from '@mantine/core';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { searchOf } from '../../shared/route';
import { useSearch } from '../../shared/use-route';
import { AlertFilters } from './alert-filters';
import { BulkBar } from './bulk-bar';
import { errorText } from './error-text';
import { GroupDrawer } from './group-drawer';
import { GroupsTable } from './groups-table';
import { groupsQuery, knownTotal, moveCursor, rowsOf } from './groups.view';
import {
  isSelected,
  keepLoaded,
  MATCHING,
  NOTHING,
  pageState,
  toggle,
  togglePage,
  type Selection,
} from './selection.view';
import { useGroups } from './use-groups';
import { useLiveGroups } from './use-live-groups';
import { useRowKeys } from '../../shared/use-row-keys';

/**
 * Alerts: the triage queue. One row per alert group, filtered by the URL (status tab,
 * assignee, event filters), kept current by live `group` messages; a drawer (`group=<id>`)
 * for one group's details, triage and history; bulk changes for analysts and admins.
 */
export function AlertsPage({ me }: { me: Me }) {
  const [search, setSearch] = useSearch();
  const searchText = search.toString();
  const query = useMemo(() => groupsQuery(new URLSearchParams(searchText)), [searchText]);
  const queryText = query.toString();
  const list = useGroups(query);
  const rows = useMemo(() => rowsOf(list.data), [list.data]);
  // Stable while the same rows are shown: a live change to one row re-renders only that row.
  const idsKey = rows.map((g) => g.id).join(' ');
  const ids = useMemo(() => (idsKey === '' ? [] : idsKey.split(' ')), [idsKey]);
  const live = useLiveGroups(queryText);
  const canTriage = me.role !== 'viewer';
  const openId = search.get('group');

  const [selection, setSelection] = useState<Selection>(NOTHING);
  useEffect(() => setSelection(NOTHING), [queryText]);
  useEffect(() => setSelection((s) => keepLoaded(s, ids)), [ids]);

  const [cursor, setCursor] = useState<string>();
  const setGroup = useCallback(
    (id: string | null, replace = false) => {
      // The URL as it is now (a j/k walk may have replaced it since the last render).
      const next = searchOf(window.location.hash);
      if (id === null) next.delete('group');
      else next.set('group', id);
      setSearch(next, { replace });
    },
    [setSearch],
  );
  const open = useCallback(
    (id: string) => {
      setCursor(id);
      setGroup(id);
    },
    [setGroup],
  );
  const onToggle = useCallback((id: string) => setSelection((s) => toggle(s, id, ids)), [ids]);

  useRowKeys({
    onMove: (delta) => {
      const at = cursor === undefined ? undefined : ids.indexOf(cursor);
      const next = ids[moveCursor(at === -1 ? undefined : at, ids.length, delta) ?? -1];
      if (next === undefined) return;
      setCursor(next);
      // With the drawer open, j/k walk the queue in it.
      if (openId !== null) setGroup(next, true);
    },
    onOpen: () => {
      if (cursor !== undefined && openId === null) setGroup(cursor);
    },
  });

  return (
    <Stack component="section" aria-labelledby="alerts-heading" gap="sm" p="md">
      <Title id="alerts-heading" order={2}>
        Alerts
      </Title>
      <AlertFilters me={me} search={search} setSearch={setSearch} />
      {live.unseen > 0 && (
        <Button
          variant="light"
          style={{ alignSelf: 'start' }}
          onClick={() => {
            live.clearUnseen();
            void list.refetch();
          }}
        >
          {`Show ${live.unseen} new or changed group${live.unseen === 1 ? '' : 's'}`}
        </Button>
      )}
      {canTriage && (
        <BulkBar
          me={me}
          query={query}
          selection={selection}
          knownTotal={knownTotal(list.data)}
          canSelectMatching={rows.length > 0}
          onSelectMatching={() => setSelection(MATCHING)}
          onClear={() => setSelection(NOTHING)}
        />
      )}
      {list.error && (
        <Alert color="red" role="alert" title="Could not load the alert groups">
          {errorText(list.error)}
        </Alert>
      )}
      <GroupsTable
        rows={rows}
        selectable={canTriage}
        isSelected={(id) => isSelected(selection, id)}
        pageState={pageState(selection, ids)}
        onToggle={onToggle}
        onTogglePage={() => setSelection((s) => togglePage(s, ids))}
        activeId={cursor}
        openId={openId}
        onOpen={open}
        loading={list.isPending}
      />
      {list.hasNextPage && (
        <Button
          variant="default"
          style={{ alignSelf: 'center' }}
          loading={list.isFetchingNextPage}
          onClick={() => void list.fetchNextPage()}
        >
          Load more groups
        </Button>
      )}
      <GroupDrawer id={openId} me={me} onClose={() => setGroup(null)} />
    </Stack>
  );
}
