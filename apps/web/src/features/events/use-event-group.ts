import { AlertGroupSchema, type AlertGroup } from '@aerie/contracts';
import { useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { useLiveMessage } from '../../shared/live/live-context';
import { useApi } from '../../shared/query';

const groupPath = (id: string): string => `/api/v1/groups/${encodeURIComponent(id)}`;

/** The alert group an event belongs to, kept current by live `group` messages. */
export function useEventGroup(id: string): UseQueryResult<AlertGroup, Error> {
  const client = useQueryClient();
  const path = groupPath(id);
  useLiveMessage('group', ({ group }) => {
    if (group.id === id) client.setQueryData(['api', path], group);
  });
  return useApi(path, AlertGroupSchema);
}
