import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { proxyAuthorization, proxyFor } from './proxy.js';
import type { HttpAnswer, HttpMessage } from '@aerie/outputs';

/** TLS towards a destination: a private CA, a client certificate (mutual TLS), or no check. */
export interface TlsOptions {
  caFile?: string | undefined;
  certFile?: string | undefined;
  keyFile?: string | undefined;
  insecureSkipVerify?: boolean | undefined;
}

const MAX_ANSWER_BYTES = 64 * 1024;
const gzipAsync = promisify(gzip);

/** Node's TLS options for `t` (files read now, so a renewed certificate is picked up). */
export function tlsConnectionOptions(t: TlsOptions | undefined): tls.ConnectionOptions {
  return {
    ...(t?.caFile ? { ca: readFileSync(t.caFile) } : {}),
    ...(t?.certFile ? { cert: readFileSync(t.certFile) } : {}),
    ...(t?.keyFile ? { key: readFileSync(t.keyFile) } : {}),
    rejectUnauthorized: t?.insecureSkipVerify !== true,
  };
}

/**
 * Sends one rendered request and reads the answer (status, headers, the first 64 KiB of the
 * body), through the proxy of HTTPS_PROXY / HTTP_PROXY unless NO_PROXY exempts the host (an
 * https destination through a CONNECT tunnel, TLS checked end to end). A `gzip` message goes
 * compressed with `Content-Encoding: gzip`. Network failures and timeouts reject; every HTTP
 * status resolves (the plugin decides).
 */
export async function sendHttp(
  message: HttpMessage,
  options: { timeoutMs: number; tls?: TlsOptions | undefined },
  env: NodeJS.ProcessEnv = process.env,
): Promise<HttpAnswer> {
  const url = new URL(message.url);
  const secure = url.protocol === 'https:';
  const proxy = proxyFor(url, env);
  const deadline = AbortSignal.timeout(options.timeoutMs);
  // Compressed off the event loop: a batch of 1,000 events is a few hundred KiB of JSON.
  const body = message.gzip
    ? await gzipAsync(Buffer.from(message.body, 'utf8'))
    : Buffer.from(message.body, 'utf8');
  const tunnel = secure && proxy ? await connectTunnel(proxy, url, options.timeoutMs) : undefined;
  return send(message, body, url, options, proxy && !secure ? proxy : undefined, tunnel, deadline);
}

function send(
  message: HttpMessage,
  body: Buffer,
  url: URL,
  options: { timeoutMs: number; tls?: TlsOptions | undefined },
  httpProxy: URL | undefined,
  tunnel: Duplex | undefined,
  deadline: AbortSignal,
): Promise<HttpAnswer> {
  const secure = url.protocol === 'https:';
  const tlsOptions = tlsConnectionOptions(options.tls);
  // Through an HTTP proxy a plain-http request goes to the proxy with the absolute URL.
  const target = httpProxy ?? url;
  return new Promise((resolve, reject) => {
    const req = (secure ? https : http).request(
      {
        protocol: target.protocol,
        hostname: target.hostname.replace(/^\[|\]$/g, ''),
        port: target.port || (target.protocol === 'https:' ? 443 : 80),
        path: httpProxy ? url.href : `${url.pathname}${url.search}`,
        method: message.method,
        headers: {
          ...message.headers,
          host: url.host,
          ...(message.gzip ? { 'content-encoding': 'gzip' } : {}),
          'content-length': String(body.length),
          ...(httpProxy ? proxyAuthorization(httpProxy) : {}),
        },
        timeout: options.timeoutMs,
        signal: deadline,
        ...(secure ? tlsOptions : {}),
        ...(tunnel
          ? {
              agent: false,
              createConnection: () =>
                tls.connect({ ...tlsOptions, socket: tunnel, servername: url.hostname }),
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
    req.on('error', (err) =>
      reject(deadline.aborted ? new Error(`no answer within ${options.timeoutMs} ms`) : err),
    );
    req.end(body);
  });
}

/** A CONNECT tunnel through `proxy` to the destination's host and port. */
function connectTunnel(proxy: URL, url: URL, timeoutMs: number): Promise<Duplex> {
  const authority = `${url.hostname}:${url.port || 443}`;
  return new Promise((resolve, reject) => {
    const req = http.request({
      hostname: proxy.hostname,
      port: proxy.port || 80,
      method: 'CONNECT',
      path: authority,
      headers: { host: authority, ...proxyAuthorization(proxy) },
      timeout: timeoutMs,
    });
    req.on('connect', (res, socket) => {
      if (res.statusCode === 200) return resolve(socket);
      socket.destroy();
      reject(new Error(`the proxy refused the tunnel: HTTP ${res.statusCode}`));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms (proxy)`)));
    req.on('error', reject);
    req.end();
  });
}
