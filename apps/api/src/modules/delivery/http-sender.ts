import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { HttpAnswer, HttpMessage } from '@aerie/outputs';

/** TLS towards a destination: a private CA, a client certificate (mutual TLS), or no check. */
export interface TlsOptions {
  caFile?: string | undefined;
  certFile?: string | undefined;
  keyFile?: string | undefined;
  insecureSkipVerify?: boolean | undefined;
}

const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * Sends one rendered request and reads the answer (status, headers, the first 64 KiB of the
 * body). Network failures and timeouts reject; every HTTP status resolves (the plugin decides).
 */
export function sendHttp(
  message: HttpMessage,
  options: { timeoutMs: number; tls?: TlsOptions | undefined },
): Promise<HttpAnswer> {
  const url = new URL(message.url);
  const secure = url.protocol === 'https:';
  const body = Buffer.from(message.body, 'utf8');
  const tls = options.tls;
  return new Promise((resolve, reject) => {
    const req = (secure ? https : http).request(
      url,
      {
        method: message.method,
        headers: { ...message.headers, 'content-length': String(body.length) },
        timeout: options.timeoutMs,
        ...(secure && tls
          ? {
              ...(tls.caFile ? { ca: readFileSync(tls.caFile) } : {}),
              ...(tls.certFile ? { cert: readFileSync(tls.certFile) } : {}),
              ...(tls.keyFile ? { key: readFileSync(tls.keyFile) } : {}),
              rejectUnauthorized: tls.insecureSkipVerify !== true,
            }
          : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          if (size < MAX_ANSWER_BYTES) chunks.push(c);
          size += c.length;
        });
        res.on('end', () => {
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) {
            if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
          }
          resolve({
            status: res.statusCode ?? 0,
            headers,
            body: Buffer.concat(chunks).subarray(0, MAX_ANSWER_BYTES).toString('utf8'),
          });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}
