import dgram from 'node:dgram';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import { describe, expect, it } from 'vitest';
import { falcoEvent } from '../../test-support/falco-events.js';
import { eventually } from '../../test-support/receiver.js';
import { useOutputApp } from '../../test-support/output-e2e.js';
import { makeTestPki, type TestPki } from '../../test-support/test-pki.js';

/**
 * The syslog output through the real engine: events posted to Aerie reach a syslog receiver on
 * mutual TLS (RFC 5425: octet counting) as RFC 5424 with structured data, and a UDP one as CEF.
 * The receiver going away is retried until it returns (each event once); one that never
 * answers leaves the deliveries dead. The real rsyslog and syslog-ng parse these same messages
 * in libs/outputs (syslog.system-test.ts); here the receivers read the frames and the fields.
 */

/** Reads RFC 6587 octet-counted frames off a TLS listener that can stop and start again. */
function tlsReceiver(pki: TestPki) {
  const messages: string[] = [];
  const sockets = new Set<net.Socket>();
  let server: tls.Server | undefined;
  let port = 0;
  const onSocket = (socket: tls.TLSSocket) => {
    sockets.add(socket);
    let buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const space = buffer.indexOf(0x20);
        if (space < 0) return;
        const length = Number(buffer.subarray(0, space).toString('ascii'));
        if (buffer.length < space + 1 + length) return;
        messages.push(buffer.subarray(space + 1, space + 1 + length).toString('utf8'));
        buffer = buffer.subarray(space + 1 + length);
      }
    });
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  };
  return {
    messages,
    get port() {
      return port;
    },
    async start() {
      server = tls.createServer(
        {
          cert: readFileSync(pki.serverCert),
          key: readFileSync(pki.serverKey),
          ca: readFileSync(pki.ca),
          requestCert: true,
          rejectUnauthorized: true,
        },
        onSocket,
      );
      await new Promise<void>((ok) => server!.listen(port, '127.0.0.1', ok));
      port = (server.address() as net.AddressInfo).port;
    },
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((ok) => server!.close(() => ok()));
    },
  };
}

/** An RFC 5424 message's header, its elements' parameters (unescaped) and MSG. */
function read5424(text: string) {
  const head = /^<(\d+)>1 (\S+) (\S+) (\S+) - (\S+) /.exec(text);
  if (!head) throw new Error(`not RFC 5424: ${text.slice(0, 80)}`);
  const sd: Record<string, Record<string, string>> = {};
  let i = head[0].length;
  if (text[i] === '-') i++; // no structured data
  while (text[i] === '[') {
    const id = /^\[([^ \]]+)/.exec(text.slice(i))![1]!;
    const params: Record<string, string> = {};
    i += id.length + 1;
    while (text[i] === ' ') {
      const eq = text.indexOf('="', i);
      const name = text.slice(i + 1, eq);
      let value = '';
      let j = eq + 2;
      for (; text[j] !== '"'; j++) {
        if (text[j] === ']') throw new Error(`unescaped ] in ${name}`);
        if (text[j] === '\\' && '"\\]'.includes(text[j + 1]!)) j++;
        value += text[j];
      }
      params[name] = value;
      i = j + 1;
    }
    sd[id] = params;
    i++; // ]
  }
  const [, pri, timestamp, host, app, msgId] = head;
  return { pri: Number(pri), timestamp, host, app, msgId, sd, msg: text.slice(i + 1) };
}

const TRICKY = 'sh -c "echo ] \\\\ [x]"\nsecond line';

let pki: TestPki;
let receiver: ReturnType<typeof tlsReceiver>;
const udp = dgram.createSocket('udp4');
const datagrams: string[] = [];
let closedPort = 0;

const e2e = useOutputApp(
  async () => {
    pki = makeTestPki();
    receiver = tlsReceiver(pki);
    await receiver.start();
    udp.on('message', (m) => datagrams.push(m.toString('utf8')));
    await new Promise<void>((ok) => udp.bind(0, '127.0.0.1', ok));
    const probe = net.createServer();
    await new Promise<void>((ok) => probe.listen(0, '127.0.0.1', ok));
    closedPort = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((ok) => probe.close(() => ok()));
    return {
      publicUrl: 'https://aerie.example.com',
      outputs: [
        {
          name: 'siem-tls',
          type: 'syslog',
          config: { host: '127.0.0.1', port: receiver.port, protocol: 'tls', facility: 'auth' },
          route: { rules: ['Tls *'] },
          delivery: {
            timeoutMs: 1_000,
            tls: { caFile: pki.ca, certFile: pki.clientCert, keyFile: pki.clientKey },
          },
        },
        {
          name: 'siem-cef',
          type: 'syslog',
          config: { host: '127.0.0.1', port: udp.address().port, protocol: 'udp', format: 'cef' },
          route: { rules: ['Cef *'] },
        },
        {
          name: 'siem-gone',
          type: 'syslog',
          config: { host: '127.0.0.1', port: closedPort, protocol: 'tcp' },
          route: { rules: ['Gone *'] },
          delivery: { maxAttempts: 2, timeoutMs: 500 },
        },
      ],
    };
  },
  async () => {
    udp.close();
    await receiver?.stop();
  },
);
const deliveryOf = e2e.firstDelivery;

function ingest(rules: string[]): Promise<string[]> {
  return e2e.ingest(
    rules.map((rule) =>
      falcoEvent({
        rule,
        priority: 'Critical',
        output_fields: { ...(falcoEvent().output_fields as object), 'proc.cmdline': TRICKY },
      }),
    ),
  );
}

describe('syslog output through the delivery engine', () => {
  it('delivers RFC 5424 with structured data over mutual TLS, one frame per event', async () => {
    const ids = await ingest(['Tls one', 'Tls two', 'Tls three']);
    await eventually(() => receiver.messages.length >= 3, 'three syslog messages');
    const read = receiver.messages.map(read5424);
    expect(read.map((m) => m.sd['falco@32473']?.['id']).sort()).toEqual([...ids].sort());
    for (const m of read) {
      const id = m.sd['falco@32473']!['id']!;
      expect(m).toMatchObject({
        pri: 4 * 8 + 2, // auth, Critical
        timestamp: '2026-05-01T10:00:00.123456Z',
        host: 'node-1',
        app: 'falco',
        msgId: 'syscall',
        msg: falcoEvent().output,
      });
      expect(m.sd['falco@32473']).toMatchObject({
        priority: 'Critical',
        time: '2026-05-01T10:00:00.123456789Z',
        namespace: 'payments',
        url: `https://aerie.example.com/#/events/${id}`,
      });
      expect(m.sd['falcoFields@32473']).toMatchObject({
        'proc.cmdline': TRICKY,
        'proc.pid': '4242',
        'fd.name': '/etc/shadow',
      });
    }
    for (const id of ids) {
      expect(await deliveryOf(id)).toMatchObject({ status: 'delivered', attempts: 1 });
    }
  });

  it('retries while the receiver is away and delivers each event once when it is back', async () => {
    await receiver.stop();
    const [id] = await ingest(['Tls while away']);
    await eventually(
      async () => (await deliveryOf(id!)).attempts_log.length >= 1,
      'an attempt while the receiver is away',
    );
    expect((await deliveryOf(id!)).attempts_log[0]).toMatchObject({
      outcome: 'retry',
      error: expect.stringMatching(/ECONNREFUSED/),
    });
    await receiver.start();
    await eventually(
      async () => (await deliveryOf(id!)).status === 'delivered',
      'delivered after the restart',
    );
    const ids = receiver.messages.map((m) => read5424(m).sd['falco@32473']?.['id']);
    expect(ids.filter((x) => x === id)).toHaveLength(1);
  });

  it('sends CEF over UDP, escaped so the extension reads back', async () => {
    const ids = await ingest(['Cef one', 'Cef two']);
    await eventually(() => datagrams.length >= 2, 'two datagrams');
    for (const datagram of datagrams) {
      const { msg } = read5424(datagram);
      expect(msg).toMatch(
        /^CEF:0\|Falcosecurity\|Falco\|1\.0\|Cef (one|two)\|Cef (one|two)\|8\|rt=/,
      );
      const id = /externalId=(\S+)/.exec(msg)![1];
      expect(ids).toContain(id);
      // The output fields as JSON in cs6, CEF-escaped (`\\`, `\=`, `\n`): reads back exactly.
      const cs6 = /cs6=(.*?) msg=/.exec(msg)![1]!;
      const fields = JSON.parse(
        cs6.replace(/\\(.)/g, (_m, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c)),
      ) as Record<string, unknown>;
      expect(fields['proc.cmdline']).toBe(TRICKY);
    }
    for (const id of ids) expect(await deliveryOf(id)).toMatchObject({ status: 'delivered' });
  });

  it('leaves deliveries dead after maxAttempts when nothing ever listens', async () => {
    const [id] = await ingest(['Gone for good']);
    await eventually(async () => (await deliveryOf(id!)).status === 'dead', 'dead', 20_000);
    expect(await deliveryOf(id!)).toMatchObject({
      status: 'dead',
      attempts: 2,
      last_error: expect.stringMatching(/ECONNREFUSED/),
    });
  });
});
