import { UserInfoSchema, type CreateUser, type UpdateUser, type UserInfo } from '@aerie/contracts';
import { getJson, itemsSchema, request } from '../../../shared/api';

const UserListSchema = itemsSchema(UserInfoSchema);
const path = (id: string): string => `/api/v1/users/${encodeURIComponent(id)}`;

export async function listUsers(signal?: AbortSignal): Promise<UserInfo[]> {
  return (await getJson('/api/v1/users', UserListSchema, signal)).items;
}

export function createUser(input: CreateUser): Promise<UserInfo> {
  return request('POST', '/api/v1/users', { body: input, schema: UserInfoSchema });
}

export function updateUser(id: string, patch: UpdateUser): Promise<UserInfo> {
  return request('PATCH', path(id), { body: patch, schema: UserInfoSchema });
}

export function deleteUser(id: string): Promise<void> {
  return request('DELETE', path(id));
}
