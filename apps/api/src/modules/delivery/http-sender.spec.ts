import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestPki, type TestPki } from '../../test-support/test-pki.js';
import { sendHttp } from './http-sender.js';
import { proxyFor } from './proxy.js';

let pki: TestPki;
const servers: Array<http.Server | https.Server> = [];
const seen: string[] = []; // what the proxy was asked
let proxyUrl: string;
let plainUrl: string;
let tlsUrl: string;
let mtlsUrl: string;

async function listen<S extends http.Server | https.Server>(server: S): Promise<string> {
  servers.push(server);
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as net.AddressInfo;
  return `${server instanceof https.Server ? 'https' : 'http'}://127.0.0.1:${port}`;
}
const echo = (req: http.IncomingMessage, res: http.ServerResponse) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString()));
  req.on('end', () => {
    res.writeHead(201, { 'content-type': 'text/plain', 'x-path': req.url ?? '' });
    res.end(`got ${body}`);
  });
};

beforeAll(async () => {
  pki = makeTestPki();
  plainUrl = await listen(http.createServer(echo));
  const cert = { cert: readFileSync(pki.serverCert), key: readFileSync(pki.serverKey) };
  tlsUrl = await listen(https.createServer(cert, echo));
  mtlsUrl = await listen(
    https.createServer(
      { ...cert, ca: readFileSync(pki.ca), requestCert: true, rejectUnauthorized: true },
      echo,
    ),
  );
  // A forward proxy: absolute-URI requests for http, CONNECT tunnels for https.
  const proxy = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url} auth=${req.headers['proxy-authorization'] ?? '-'}`);
    const target = new URL(req.url!);
    const { 'proxy-authorization': _credentials, ...headers } = req.headers;
    const upstream = http.request(target, { method: req.method, headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    req.pipe(upstream);
  });
  proxy.on('connect', (req: http.IncomingMessage, socket: net.Socket) => {
    seen.push(`CONNECT ${req.url} auth=${req.headers['proxy-authorization'] ?? '-'}`);
    const [host, port] = req.url!.split(':');
    const upstream = net.connect(Number(port), host, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
  });
  proxyUrl = await listen(proxy);
});
afterAll(() => {
  for (const s of servers) s.close();
});

const message = (url: string) => ({
  method: 'POST' as const,
  url: `${url}/in?x=1`,
  headers: { 'content-type': 'application/json' },
  body: '{"a":"é"}',
});

describe('sendHttp', () => {
  it('posts directly and reads the answer', async () => {
    const answer = await sendHttp(message(plainUrl), { timeoutMs: 2000 }, {});
    expect(answer).toMatchObject({ status: 201, body: 'got {"a":"é"}' });
    expect(answer.headers['x-path']).toBe('/in?x=1');
  });

  it('goes through HTTP_PROXY for http, with the proxy credentials', async () => {
    const proxy = new URL(proxyUrl);
    proxy.username = 'aerie';
    proxy.password = 's3cret';
    const answer = await sendHttp(
      message(plainUrl),
      { timeoutMs: 2000 },
      { HTTP_PROXY: proxy.href },
    );
    expect(answer.status).toBe(201);
    expect(seen).toContain(
      `POST ${plainUrl}/in?x=1 auth=Basic ${Buffer.from('aerie:s3cret').toString('base64')}`,
    );
  });

  it('tunnels https through HTTPS_PROXY and still checks the destination certificate', async () => {
    const tls = { caFile: pki.ca };
    const answer = await sendHttp(
      message(tlsUrl),
      { timeoutMs: 2000, tls },
      { https_proxy: proxyUrl },
    );
    expect(answer.status).toBe(201);
    expect(seen).toContain(`CONNECT ${new URL(tlsUrl).host} auth=-`);
    await expect(
      sendHttp(message(tlsUrl), { timeoutMs: 2000 }, { HTTPS_PROXY: proxyUrl }),
    ).rejects.toThrow(/certificate/i);
    // Skipping the check is possible, and explicit.
    const skipped = await sendHttp(
      message(tlsUrl),
      { timeoutMs: 2000, tls: { insecureSkipVerify: true } },
      { HTTPS_PROXY: proxyUrl },
    );
    expect(skipped.status).toBe(201);
  });

  it('presents a client certificate for mutual TLS', async () => {
    const tls = { caFile: pki.ca, certFile: pki.clientCert, keyFile: pki.clientKey };
    expect((await sendHttp(message(mtlsUrl), { timeoutMs: 2000, tls }, {})).status).toBe(201);
    await expect(
      sendHttp(message(mtlsUrl), { timeoutMs: 2000, tls: { caFile: pki.ca } }, {}),
    ).rejects.toThrow();
  });

  it('gives up on a destination that does not answer', async () => {
    const silent = net.createServer(() => undefined);
    await new Promise<void>((ok) => silent.listen(0, '127.0.0.1', ok));
    const { port } = silent.address() as net.AddressInfo;
    try {
      const started = Date.now();
      await expect(
        sendHttp(message(`http://127.0.0.1:${port}`), { timeoutMs: 300 }, {}),
      ).rejects.toThrow('no answer within 300 ms');
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      silent.close();
    }
  });
});

describe('proxyFor', () => {
  const url = (u: string) => new URL(u);
  it('takes the variable of the scheme, either case, and honours NO_PROXY', () => {
    const env = { HTTPS_PROXY: 'http://p:3128', http_proxy: 'p2:8080' };
    expect(proxyFor(url('https://hooks.slack.com/x'), env)?.host).toBe('p:3128');
    expect(proxyFor(url('http://am:9093/'), env)?.href).toBe('http://p2:8080/');
    for (const noProxy of ['*', 'slack.com', '.slack.com', 'hooks.slack.com:443', 'x, slack.com']) {
      expect(
        proxyFor(url('https://hooks.slack.com/x'), { ...env, NO_PROXY: noProxy }),
        noProxy,
      ).toBeUndefined();
    }
    for (const noProxy of ['lack.com', 'hooks.slack.com:8443', 'other.example']) {
      expect(
        proxyFor(url('https://hooks.slack.com/x'), { ...env, no_proxy: noProxy }),
        noProxy,
      ).toBeDefined();
    }
    expect(proxyFor(url('https://x.example/'), {})).toBeUndefined();
  });
});
