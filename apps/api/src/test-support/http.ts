/** A signed-in browser, as far as the API can tell: its session cookie and CSRF token. */
export interface Session {
  cookie: string;
  csrf: string;
}

/** Signs in with a password; throws with the answer when it fails. */
export async function signIn(base: string, username: string, password: string): Promise<Session> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200)
    throw new Error(`sign-in as ${username}: ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  const { csrf_token } = (await res.json()) as { csrf_token: string };
  return { cookie, csrf: csrf_token };
}

/** Who makes a request: nobody, a token, or a session. */
export type As = undefined | string | Session;

/** Calls the API as `as` (Bearer token or session cookie + CSRF header); JSON in and out. */
export async function call(
  base: string,
  method: string,
  path: string,
  as: As,
  body?: unknown,
): Promise<{ status: number; body: unknown; text: string; headers: Headers }> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (typeof as === 'string') headers['authorization'] = `Bearer ${as}`;
  else if (as) {
    headers['cookie'] = as.cookie;
    headers['x-csrf-token'] = as.csrf;
  }
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body: parsed, text, headers: res.headers };
}
