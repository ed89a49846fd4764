import type { BulkUpdateGroups, UpdateGroup } from '@aerie/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { addComment, bulkUpdate, updateGroup } from './triage.api';
import { applyGroups, triageKeys } from './triage-cache';

/** Changes a group's status or assignee; its rows everywhere show the answer at once. */
export function useUpdateGroup(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (patch: UpdateGroup) => updateGroup(id, patch),
    onSuccess: (group) => {
      applyGroups(client, new Map([[group.id, group]]));
      void client.invalidateQueries({ queryKey: triageKeys.activity(id) });
    },
  });
}

/** Comments on a group; the timeline reloads to show it in its place. */
export function useAddComment(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: string) => addComment(id, body),
    onSuccess: () => client.invalidateQueries({ queryKey: triageKeys.activity(id) }),
  });
}

/** Changes many groups; the lists reload (which rows changed is the server's answer, not ours). */
export function useBulkUpdate() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: BulkUpdateGroups) => bulkUpdate(body),
    onSuccess: () => client.invalidateQueries({ queryKey: triageKeys.all }),
  });
}
