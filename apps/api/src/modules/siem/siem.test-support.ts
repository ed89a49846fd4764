import http from 'node:http';
import { createGunzip } from 'node:zlib';

/** Test helpers for the pull API: a page read, a poller, an NDJSON stream reader. */

export interface PageAnswer {
  status: number;
  headers: Headers;
  text: string;
  body: { items: Array<Record<string, unknown>>; next_cursor: string | null; has_more: boolean };
}

/** GET `path` with a Bearer token (fetch decompresses gzip on its own). */
export async function siemGet(
  base: string,
  path: string,
  token: string,
  headers: Record<string, string> = {},
): Promise<PageAnswer> {
  const res = await fetch(`${base}${path}`, {
    headers: { authorization: `Bearer ${token}`, ...headers },
  });
  const text = await res.text();
  let body: PageAnswer['body'] = { items: [], next_cursor: null, has_more: false };
  try {
    body = JSON.parse(text) as PageAnswer['body'];
  } catch {
    // NDJSON or an error page
  }
  return { status: res.status, headers: res.headers, text, body };
}

/**
 * Follows a feed from `cursor` the way a SIEM does: next_cursor after next_cursor, until a page
 * says it is caught up. Returns the items and where to continue.
 */
export async function poll(
  base: string,
  path: string,
  token: string,
  cursor: string | null,
): Promise<{ items: Array<Record<string, unknown>>; cursor: string | null; pages: number }> {
  const items: Array<Record<string, unknown>> = [];
  let pages = 0;
  for (;;) {
    const sep = path.includes('?') ? '&' : '?';
    const res = await siemGet(
      base,
      `${path}${cursor ? `${sep}cursor=${encodeURIComponent(cursor)}` : ''}`,
      token,
    );
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${res.text}`);
    pages++;
    items.push(...res.body.items);
    cursor = res.body.next_cursor;
    if (!res.body.has_more) return { items, cursor, pages };
  }
}

export interface StreamReader {
  lines: Array<Record<string, unknown>>;
  status: number;
  headers: http.IncomingHttpHeaders;
  /** Resolves when `check` holds for the lines so far. */
  until(check: (lines: Array<Record<string, unknown>>) => boolean, ms?: number): Promise<void>;
  ended: Promise<void>;
  close(): void;
}

/** Opens `GET path` on a real socket and parses NDJSON lines as they arrive. */
export function openStream(
  base: string,
  path: string,
  token: string,
  headers: Record<string, string> = {},
): Promise<StreamReader> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      `${base}${path}`,
      { headers: { authorization: `Bearer ${token}`, ...headers } },
      (res) => {
        const lines: Array<Record<string, unknown>> = [];
        const waiters = new Set<() => void>();
        let rest = '';
        const source = res.headers['content-encoding'] === 'gzip' ? res.pipe(createGunzip()) : res;
        source.setEncoding('utf8');
        source.on('data', (chunk: string) => {
          rest += chunk;
          const parts = rest.split('\n');
          rest = parts.pop() ?? '';
          for (const p of parts) if (p !== '') lines.push(JSON.parse(p) as Record<string, unknown>);
          for (const w of waiters) w();
        });
        const ended = new Promise<void>((r) => {
          source.on('end', r);
          source.on('close', r);
          source.on('error', () => r());
        });
        resolve({
          lines,
          status: res.statusCode ?? 0,
          headers: res.headers,
          ended,
          close: () => req.destroy(),
          until: (check, ms = 15_000) =>
            new Promise<void>((ok, fail) => {
              if (check(lines)) return ok();
              const timer = setTimeout(() => {
                waiters.delete(waiter);
                fail(
                  new Error(
                    `stream: not within ${ms} ms; lines: ${JSON.stringify(lines.slice(-5))}`,
                  ),
                );
              }, ms);
              const waiter = () => {
                if (!check(lines)) return;
                clearTimeout(timer);
                waiters.delete(waiter);
                ok();
              };
              waiters.add(waiter);
            }),
        });
      },
    );
    req.on('error', reject);
  });
}
