import { AssigneesSchema, type Me } from '@aerie/contracts';
import { useApi } from '../../shared/query';

/**
 * Who a group can be assigned to, as suggestions (`GET /api/v1/assignees`: enabled analysts and
 * admins the caller may assign to). Viewers do not triage, so they do not ask.
 */
export function useAssignees(me: Me): string[] | undefined {
  return useApi('/api/v1/assignees', AssigneesSchema, {
    enabled: me.role !== 'viewer',
    staleTime: 60_000,
  }).data?.items;
}
