import dgram from 'node:dgram';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import type { SocketOutputPlugin } from '@aerie/outputs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { registerOutputPlugin } from '../../test-support/output-plugins.js';
import { eventually } from '../../test-support/receiver.js';
import { useOutputApp } from '../../test-support/output-e2e.js';
import { makeTestPki, type TestPki } from '../../test-support/test-pki.js';
import { frame } from './socket-sender.js';

/**
 * The socket transport end to end: a fake syslog plugin, the real engine, and real UDP, TCP and
 * TLS listeners that parse the framing back — including a listener that goes away and returns.
 */

const ConfigSchema = z.strictObject({
  host: z.string().describe('Receiver host.'),
  port: z.number().int().describe('Receiver port.'),
  protocol: z.enum(['udp', 'tcp', 'tls']).describe('Transport.'),
  framing: z.enum(['octet-counting', 'lf']).describe('Framing over TCP and TLS.'),
});
type Config = z.infer<typeof ConfigSchema>;

/** One RFC 5424-looking line per event; `oversize` and `multiline` rules make bad messages. */
const render = (id: string, rule: string): string => {
  const base = `<10>1 2026-05-01T10:00:00.123456Z node-1 aerie - - - ${id} ${rule} → é`;
  if (rule.includes('oversize')) return `${base} ${'x'.repeat(70_000)}`;
  if (rule.includes('multiline')) return `${base}\nsecond line`;
  return base;
};

const syslogOutput: SocketOutputPlugin<Config> = {
  type: 'test-syslog',
  title: 'Test syslog',
  description: 'Syslog lines over a socket.',
  configSchema: ConfigSchema,
  secretFields: [],
  maxBatch: 20,
  transport: 'socket',
  target: (c) => ({ protocol: c.protocol, host: c.host, port: c.port, framing: c.framing }),
  render: (events) => events.map((e) => render(e.event.id, e.event.rule)),
};
registerOutputPlugin(syslogOutput);

/** Reads RFC 6587 frames off a stream: `<len> <msg>` or lines. */
function deframe(framing: Config['framing'], onMessage: (m: string) => void) {
  let buffer = Buffer.alloc(0);
  return (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      if (framing === 'lf') {
        const end = buffer.indexOf(0x0a);
        if (end < 0) return;
        onMessage(buffer.subarray(0, end).toString('utf8'));
        buffer = buffer.subarray(end + 1);
        continue;
      }
      const space = buffer.indexOf(0x20);
      if (space < 0) return;
      const header = buffer.subarray(0, space).toString('ascii');
      if (!/^[1-9]\d*$/.test(header)) throw new Error(`bad octet count ${header}`);
      const length = Number(header);
      if (buffer.length < space + 1 + length) return;
      onMessage(buffer.subarray(space + 1, space + 1 + length).toString('utf8'));
      buffer = buffer.subarray(space + 1 + length);
    }
  };
}

/** A TCP or TLS listener on a fixed port that can be stopped and started again. */
function streamListener(framing: Config['framing'], secure?: tls.TlsOptions) {
  const messages: string[] = [];
  const peers: string[] = [];
  const sockets = new Set<net.Socket>();
  let port = 0;
  let server: net.Server | undefined;
  const onSocket = (socket: net.Socket) => {
    sockets.add(socket);
    if (socket instanceof tls.TLSSocket) {
      peers.push(
        String((socket.getPeerCertificate() as { subject?: { CN?: string } }).subject?.CN),
      );
    } else peers.push(String(socket.remotePort));
    socket.on(
      'data',
      deframe(framing, (m) => messages.push(m)),
    );
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  };
  return {
    messages,
    /** One entry per connection accepted (the client certificate's CN for TLS). */
    peers,
    get port() {
      return port;
    },
    async start() {
      server = secure ? tls.createServer(secure, onSocket) : net.createServer(onSocket);
      await new Promise<void>((ok) => server!.listen(port, '127.0.0.1', ok));
      port = (server.address() as net.AddressInfo).port;
    },
    /** Goes away as a restarting receiver does: connections closed, port refused. */
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((ok) => server!.close(() => ok()));
    },
  };
}

let pki: TestPki;
const udpMessages: string[] = [];
const udp = dgram.createSocket('udp4');
const tcp = streamListener('octet-counting');
let tlsListener: ReturnType<typeof streamListener>;

const e2e = useOutputApp(
  async () => {
    pki = makeTestPki();
    udp.on('message', (m) => udpMessages.push(m.toString('utf8')));
    await new Promise<void>((ok) => udp.bind(0, '127.0.0.1', ok));
    await tcp.start();
    tlsListener = streamListener('lf', {
      cert: readFileSync(pki.serverCert),
      key: readFileSync(pki.serverKey),
      ca: readFileSync(pki.ca),
      requestCert: true,
      rejectUnauthorized: true,
    });
    await tlsListener.start();
    const output = (name: string, config: Config, rules: string, delivery: object = {}) => ({
      name,
      type: 'test-syslog',
      config,
      route: { rules: [rules] },
      delivery,
    });
    return {
      outputs: [
        output(
          'syslog-udp',
          { host: '127.0.0.1', port: udp.address().port, protocol: 'udp', framing: 'lf' },
          'Udp *',
        ),
        output(
          'syslog-tcp',
          { host: '127.0.0.1', port: tcp.port, protocol: 'tcp', framing: 'octet-counting' },
          'Tcp *',
          { timeoutMs: 1_000 },
        ),
        output(
          'syslog-tls',
          { host: '127.0.0.1', port: tlsListener.port, protocol: 'tls', framing: 'lf' },
          'Tls *',
          { tls: { caFile: pki.ca, certFile: pki.clientCert, keyFile: pki.clientKey } },
        ),
      ],
    };
  },
  async () => {
    udp.close();
    await tcp.stop();
    await tlsListener?.stop();
  },
);
const ingest = e2e.ingestRules;
const deliveryOf = e2e.firstDelivery;
const settled = (ids: string[]) => async () =>
  (await Promise.all(ids.map(deliveryOf))).every((d) => d.status !== 'pending');

describe('socket outputs', () => {
  it('frames octet counts in bytes', () => {
    expect(frame('héllo', 'octet-counting')).toBe('6 héllo');
    expect(frame('héllo', 'lf')).toBe('héllo\n');
  });

  it('sends one datagram per event over UDP; a message too big for one is dead, alone', async () => {
    const rules = ['Udp 1', 'Udp 2', 'Udp oversize', 'Udp 3'];
    const ids = await ingest(rules);
    await eventually(settled(ids), 'every UDP delivery settled');
    const expected = [0, 1, 3].map((i) => render(ids[i]!, rules[i]!));
    expect([...udpMessages].sort()).toEqual(expected.sort());
    expect(await deliveryOf(ids[0]!)).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(await deliveryOf(ids[2]!)).toMatchObject({
      status: 'dead',
      attempts: 1,
      last_error: expect.stringMatching(/does not fit in a UDP datagram \(at most 65507\)/),
    });
  });

  it('writes octet-counted frames over one TCP connection, and reconnects after the receiver restarts', async () => {
    const first = await ingest(['Tcp 1', 'Tcp 2', 'Tcp 3']);
    await eventually(() => tcp.messages.length >= 3, 'three TCP messages');
    const second = await ingest(['Tcp 4']);
    await eventually(() => tcp.messages.length >= 4, 'a fourth, later');
    expect(tcp.messages).toEqual([...first, ...second].map((id, i) => render(id, `Tcp ${i + 1}`)));
    expect(tcp.peers).toHaveLength(1); // the connection was reused

    // The receiver goes away: the engine notices the close, fails to connect, retries later.
    await tcp.stop();
    const during = await ingest(['Tcp while down']);
    await eventually(
      async () => (await deliveryOf(during[0]!)).attempts_log.length >= 1,
      'an attempt while the receiver is down',
    );
    const failed = await deliveryOf(during[0]!);
    expect(failed.status).toBe('pending');
    expect(failed.attempts_log[0]).toMatchObject({
      outcome: 'retry',
      error: expect.stringMatching(/ECONNREFUSED/),
    });
    await tcp.start(); // same port
    await eventually(
      () => tcp.messages.includes(render(during[0]!, 'Tcp while down')),
      'delivered after the restart',
    );
    const after = await ingest(['Tcp after']);
    await eventually(() => tcp.messages.includes(render(after[0]!, 'Tcp after')), 'later ones too');
    expect(tcp.peers).toHaveLength(2);
    expect(await deliveryOf(during[0]!)).toMatchObject({ status: 'delivered' });
    // Each event exactly once.
    expect(new Set(tcp.messages).size).toBe(tcp.messages.length);
  });

  it('sends LF-framed lines over mutual TLS with the output’s CA and client certificate', async () => {
    const rules = ['Tls 1', 'Tls 2', 'Tls multiline'];
    const ids = await ingest(rules);
    await eventually(settled(ids), 'every TLS delivery settled');
    expect(tlsListener.messages).toEqual([render(ids[0]!, 'Tls 1'), render(ids[1]!, 'Tls 2')]);
    expect(tlsListener.peers).toEqual(['falco-node-1']);
    expect(await deliveryOf(ids[2]!)).toMatchObject({
      status: 'dead',
      last_error: 'the message contains a line feed, which LF framing cannot carry',
    });
  });
});
