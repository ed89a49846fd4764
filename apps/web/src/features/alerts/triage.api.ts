import {
  AlertGroupSchema,
  BulkUpdateResultSchema,
  GroupActivityPageSchema,
  pageSchema,
  type AlertGroup,
  type BulkUpdateGroups,
  type GroupActivityPage,
  type Page,
  type UpdateGroup,
} from '@aerie/contracts';
import { getJson, request } from '../../shared/api';
import { withQuery } from '../../shared/filter/filter-params';

const GroupPageSchema = pageSchema(AlertGroupSchema);
const path = (id: string): string => `/api/v1/groups/${encodeURIComponent(id)}`;

/** One page of `GET /api/v1/groups` for `query` (the API's keys), from `cursor`. */
export function listGroups(
  query: URLSearchParams,
  options: { cursor?: string; limit: number; signal?: AbortSignal },
): Promise<Page<AlertGroup>> {
  const params = new URLSearchParams(query);
  params.set('limit', String(options.limit));
  if (options.cursor !== undefined) params.set('cursor', options.cursor);
  return getJson(withQuery('/api/v1/groups', params), GroupPageSchema, options.signal);
}

export function getGroup(id: string, signal?: AbortSignal): Promise<AlertGroup> {
  return getJson(path(id), AlertGroupSchema, signal);
}

export function listActivity(
  id: string,
  options: { cursor?: string; limit: number; signal?: AbortSignal },
): Promise<GroupActivityPage> {
  const params = new URLSearchParams({ limit: String(options.limit) });
  if (options.cursor !== undefined) params.set('cursor', options.cursor);
  return getJson(
    withQuery(`${path(id)}/activity`, params),
    GroupActivityPageSchema,
    options.signal,
  );
}

/** The group as it is after the change. */
export function updateGroup(id: string, patch: UpdateGroup): Promise<AlertGroup> {
  return request('PATCH', path(id), { body: patch, schema: AlertGroupSchema });
}

export function addComment(id: string, body: string): Promise<void> {
  return request('POST', `${path(id)}/comments`, { body: { body } });
}

/** How many groups changed. */
export async function bulkUpdate(body: BulkUpdateGroups): Promise<number> {
  return (await request('POST', '/api/v1/groups/bulk', { body, schema: BulkUpdateResultSchema }))
    .updated;
}
