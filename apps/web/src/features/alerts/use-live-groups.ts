import type { AlertGroup } from '@aerie/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useLiveClient, useLiveMessage } from '../../shared/live/live-context';
import { applyGroups, triageKeys } from './triage-cache';

/**
 * Other analysts' changes (and reopening events), live: `group` messages are gathered per
 * animation frame and written into the cache, so only the changed rows re-render and the list
 * is not fetched again. Groups the list does not show but may now hold are counted in
 * `unseen` (the page offers to reload). After a reconnect or a `resync` some messages were
 * missed: the triage data is reloaded.
 */
export function useLiveGroups(query: string): { unseen: number; clearUnseen: () => void } {
  const client = useQueryClient();
  const live = useLiveClient();
  const pending = useRef(new Map<string, AlertGroup>());
  const frame = useRef<number | undefined>(undefined);
  const queryRef = useRef(query);
  queryRef.current = query;
  const [unseen, setUnseen] = useState<ReadonlySet<string>>(new Set());

  const flush = useCallback(() => {
    frame.current = undefined;
    const changed = pending.current;
    pending.current = new Map();
    const missing = applyGroups(client, changed, queryRef.current);
    if (missing.length > 0) setUnseen((s) => new Set([...s, ...missing.map((g) => g.id)]));
  }, [client]);

  useLiveMessage('group', ({ group }) => {
    pending.current.set(group.id, group);
    frame.current ??= requestAnimationFrame(flush);
  });

  const reload = useCallback(() => {
    setUnseen(new Set());
    void client.invalidateQueries({ queryKey: triageKeys.all });
  }, [client]);
  useLiveMessage('resync', reload);
  useEffect(() => {
    // The first connection follows the list's own load; only a reconnection missed messages.
    let connectedBefore = live.getStatus() === 'open';
    let open = connectedBefore;
    return live.onStatus((status) => {
      const nowOpen = status === 'open';
      if (nowOpen && !open && connectedBefore) reload();
      connectedBefore ||= nowOpen;
      open = nowOpen;
    });
  }, [live, reload]);

  useEffect(
    () => () => {
      if (frame.current !== undefined) cancelAnimationFrame(frame.current);
    },
    [],
  );
  // Another list, another set of unseen groups.
  useEffect(() => setUnseen(new Set()), [query]);

  return { unseen: unseen.size, clearUnseen: () => setUnseen(new Set()) };
}
