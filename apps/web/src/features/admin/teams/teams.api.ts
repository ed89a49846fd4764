import { TeamInfoSchema, type CreateTeam, type TeamInfo, type UpdateTeam } from '@aerie/contracts';
import { getJson, itemsSchema, request } from '../../../shared/api';

const TeamListSchema = itemsSchema(TeamInfoSchema);
const path = (id: string): string => `/api/v1/teams/${encodeURIComponent(id)}`;

export async function listTeams(signal?: AbortSignal): Promise<TeamInfo[]> {
  return (await getJson('/api/v1/teams', TeamListSchema, signal)).items;
}

export function createTeam(input: CreateTeam): Promise<TeamInfo> {
  return request('POST', '/api/v1/teams', { body: input, schema: TeamInfoSchema });
}

export function updateTeam(id: string, patch: UpdateTeam): Promise<TeamInfo> {
  return request('PATCH', path(id), { body: patch, schema: TeamInfoSchema });
}

export function deleteTeam(id: string): Promise<void> {
  return request('DELETE', path(id));
}
