import { readFileSync } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import type { SocketTarget } from '@aerie/outputs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeTestPki, type TestPki } from '../../test-support/test-pki.js';
import { failureOf } from './send-error.js';
import { SocketSenders } from './socket-sender.js';

/** The socket sender alone, against real listeners that misbehave. */

let pki: TestPki;
const servers: net.Server[] = [];
const connections = new Set<net.Socket>();
let senders: SocketSenders;

beforeAll(() => {
  pki = makeTestPki();
});
afterEach(() => senders.close());
afterAll(async () => {
  for (const c of connections) c.destroy();
  for (const s of servers) await new Promise((ok) => s.close(ok));
});

async function listen(server: net.Server): Promise<number> {
  servers.push(server);
  server.on(server instanceof tls.Server ? 'secureConnection' : 'connection', (c: net.Socket) =>
    connections.add(c),
  );
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return (server.address() as net.AddressInfo).port;
}
const tcp = (port: number, protocol: SocketTarget['protocol'] = 'tcp'): SocketTarget => ({
  protocol,
  host: '127.0.0.1',
  port,
  framing: 'lf',
});

describe('socket sender', () => {
  it('fails a write the peer never reads within the timeout (retryable), then connects anew', async () => {
    senders = new SocketSenders();
    const accepted: net.Socket[] = [];
    const port = await listen(
      net.createServer((s) => {
        accepted.push(s);
        s.pause(); // never reads: the kernel buffers fill up
        s.on('error', () => undefined);
      }),
    );
    const big = Array.from({ length: 64 }, () => 'x'.repeat(256 * 1024));
    const failed = await senders
      .send('out', tcp(port), big, { timeoutMs: 500 })
      .then(() => undefined, failureOf);
    expect(failed).toEqual({ ok: false, retryable: true, error: 'no write within 500 ms' });
    const outcomes = await senders.send('out', tcp(port), ['small'], { timeoutMs: 500 });
    expect(outcomes).toEqual([{ ok: true }]);
    expect(accepted).toHaveLength(2);
    for (const s of accepted) s.destroy();
  });

  it('notices a connection the peer closed and sends the next batch on a new one', async () => {
    senders = new SocketSenders();
    const accepted: net.Socket[] = [];
    const lines: string[] = [];
    const port = await listen(
      net.createServer((s) => {
        accepted.push(s);
        s.on('data', (d: Buffer) => lines.push(...d.toString().split('\n').filter(Boolean)));
      }),
    );
    expect(await senders.send('out', tcp(port), ['one'], { timeoutMs: 1_000 })).toEqual([
      { ok: true },
    ]);
    await new Promise((r) => setTimeout(r, 50));
    accepted[0]!.destroy(); // the receiver restarts its worker
    await new Promise((r) => setTimeout(r, 50));
    expect(await senders.send('out', tcp(port), ['two'], { timeoutMs: 1_000 })).toEqual([
      { ok: true },
    ]);
    await new Promise((r) => setTimeout(r, 50));
    expect(lines).toEqual(['one', 'two']);
    expect(accepted).toHaveLength(2);
    for (const s of accepted) s.destroy();
  });

  it('checks the TLS server against the CA given, or not at all when told to skip', async () => {
    senders = new SocketSenders();
    const lines: string[] = [];
    const port = await listen(
      tls.createServer(
        { cert: readFileSync(pki.serverCert), key: readFileSync(pki.serverKey) },
        (s) => s.on('data', (d: Buffer) => lines.push(d.toString().trim())),
      ),
    );
    // No CA: the private CA is not trusted.
    const untrusted = await senders
      .send('a', tcp(port, 'tls'), ['refused'], { timeoutMs: 1_000 })
      .then(() => undefined, failureOf);
    expect(untrusted).toMatchObject({ ok: false, retryable: true });
    expect(untrusted?.error).toMatch(/certificate/);
    const trusted = await senders.send('b', tcp(port, 'tls'), ['with ca'], {
      timeoutMs: 1_000,
      tls: { caFile: pki.ca },
    });
    const skipped = await senders.send('c', tcp(port, 'tls'), ['skip verify'], {
      timeoutMs: 1_000,
      tls: { insecureSkipVerify: true },
    });
    expect([trusted, skipped]).toEqual([[{ ok: true }], [{ ok: true }]]);
    await new Promise((r) => setTimeout(r, 50));
    expect(lines.sort()).toEqual(['skip verify', 'with ca']);
  });

  it('fails a batch as retryable when nothing listens', async () => {
    senders = new SocketSenders();
    const port = await listen(net.createServer());
    await new Promise((ok) => servers.pop()!.close(ok));
    const failed = await senders
      .send('out', tcp(port), ['lost?'], { timeoutMs: 1_000 })
      .then(() => undefined, failureOf);
    expect(failed).toMatchObject({
      ok: false,
      retryable: true,
      error: expect.stringMatching(/ECONNREFUSED/),
    });
  });
});
