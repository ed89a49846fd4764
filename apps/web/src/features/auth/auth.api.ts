import {
  AuthProvidersSchema,
  MeSchema,
  type AuthProviders,
  type Login,
  type Me,
} from '@aerie/contracts';
import { ApiError, getJson, request } from '../../shared/api';

export function fetchProviders(signal?: AbortSignal): Promise<AuthProviders> {
  return getJson('/api/v1/auth/providers', AuthProvidersSchema, signal);
}

/** Who the session cookie belongs to; null when there is no (valid) session. */
export async function fetchMe(signal?: AbortSignal): Promise<Me | null> {
  try {
    return await request('GET', '/api/v1/auth/me', {
      schema: MeSchema,
      signal,
      unauthorizedIsAnswer: true,
    });
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

/** Signs in; the server sets the session cookie. A 401 here means wrong credentials. */
export async function login(credentials: Login): Promise<Me> {
  const me = await request('POST', '/api/v1/auth/login', {
    body: credentials,
    schema: MeSchema,
    unauthorizedIsAnswer: true,
  });
  if (me.csrf_token) return me;
  // The CSRF token is what every later change needs; ask for it if the answer left it out.
  const again = await fetchMe();
  if (!again) throw new ApiError('signed in, but the session was not kept (are cookies blocked?)');
  return again;
}

/** Ends the session; one that already ended is fine. */
export async function logout(): Promise<void> {
  try {
    await request('POST', '/api/v1/auth/logout', { unauthorizedIsAnswer: true });
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return;
    throw err;
  }
}
