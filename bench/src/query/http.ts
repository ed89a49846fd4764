/** Calls of Aerie's HTTP API with a Bearer token, timed from request to the body's last byte. */
export interface Answer {
  status: number;
  ms: number;
  body: string;
}

export async function apiRequest(
  baseUrl: string,
  path: string,
  token: string,
  timeoutMs: number,
  body?: unknown,
): Promise<Answer> {
  const started = performance.now();
  const res = await fetch(`${baseUrl}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  return { status: res.status, ms: performance.now() - started, body: text };
}

/** A GET that must answer 200. */
export async function apiGet(
  baseUrl: string,
  path: string,
  token: string,
  timeoutMs: number,
): Promise<Answer> {
  const answer = await apiRequest(baseUrl, path, token, timeoutMs);
  if (answer.status !== 200)
    throw new Error(`GET ${path} answered ${answer.status}: ${answer.body.slice(0, 300)}`);
  return answer;
}

/** A POST of JSON that must answer 201; its parsed answer. */
export async function apiCreate<T>(
  baseUrl: string,
  path: string,
  token: string,
  body: unknown,
): Promise<T> {
  const answer = await apiRequest(baseUrl, path, token, 30_000, body);
  if (answer.status !== 201)
    throw new Error(`POST ${path} answered ${answer.status}: ${answer.body.slice(0, 300)}`);
  return JSON.parse(answer.body) as T;
}
