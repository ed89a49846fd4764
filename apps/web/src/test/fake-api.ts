import type { Me } from '@aerie/contracts';
import { vi } from 'vitest';

/** One request the code under test made. */
export interface Call {
  method: string;
  path: string;
  /** The query string (routes ignore it; handlers may read it). */
  query: URLSearchParams;
  headers: Record<string, string>;
  body: unknown;
  credentials: RequestCredentials | undefined;
}

type Reply = { status: number; body?: unknown; headers?: Record<string, string> };
type Handler = (call: Call) => Reply;

/**
 * Stands in for the server behind `fetch`: handlers keyed by `"METHOD /path"` (query string
 * ignored), replaceable mid-test; every call is recorded. Unknown routes answer 404 and fail
 * loudly in the recorded `unexpected` list.
 */
export function fakeApi(initial: Record<string, Handler | Reply> = {}) {
  const routes = new Map<string, Handler>();
  const calls: Call[] = [];
  const unexpected: string[] = [];
  const on = (route: string, reply: Handler | Reply): void => {
    routes.set(route, typeof reply === 'function' ? reply : () => reply);
  };
  for (const [route, reply] of Object.entries(initial)) on(route, reply);

  const fetch = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), 'http://aerie.test');
    const method = init.method ?? 'GET';
    const headers = Object.fromEntries(new Headers(init.headers).entries());
    const body = typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    const call: Call = {
      method,
      path: url.pathname,
      query: url.searchParams,
      headers,
      body,
      credentials: init.credentials,
    };
    calls.push(call);
    const handler = routes.get(`${method} ${url.pathname}`);
    if (!handler) unexpected.push(`${method} ${url.pathname}`);
    const reply = handler?.(call) ?? {
      status: 404,
      body: { error: 'not_found', message: 'no route' },
    };
    return new Response(
      reply.body === undefined || reply.status === 204 ? null : JSON.stringify(reply.body),
      {
        status: reply.status,
        headers: { 'content-type': 'application/json', ...reply.headers },
      },
    );
  });
  vi.stubGlobal('fetch', fetch);

  return {
    on,
    calls,
    unexpected,
    callsTo: (route: string): Call[] => calls.filter((c) => `${c.method} ${c.path}` === route),
  };
}

export const ME_ADMIN: Me = {
  kind: 'user',
  id: '0195a3c2-7f4e-7b1a-9c3d-000000000001',
  username: 'admin',
  role: 'admin',
  teams: [],
  scopes: [],
  csrf_token: 'csrf-admin',
};

export const ME_VIEWER: Me = {
  kind: 'user',
  id: '0195a3c2-7f4e-7b1a-9c3d-000000000002',
  username: 'vera',
  role: 'viewer',
  teams: ['payments'],
  scopes: [],
  csrf_token: 'csrf-vera',
};
