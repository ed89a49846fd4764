/**
 * The real syslog daemons from Debian, started on free 127.0.0.1 ports for system tests, each
 * writing what it parsed as one JSON object per line. `.ci/run` installs them: `rsyslog` and
 * `rsyslog-gnutls` as packages, `syslog-ng-core` (which conflicts with rsyslog) extracted with
 * `dpkg -x` into /opt/aerie/syslog-ng. Also the senders that play the delivery engine's part:
 * node:dgram, node:net and node:tls writing RFC 6587 frames.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';

export type Transport = 'udp' | 'tcp' | 'tls';
export type Framing = 'octet-counting' | 'lf';

export interface SyslogDaemon {
  name: 'rsyslog' | 'syslog-ng';
  /** `tcp` takes octet counting (and LF for rsyslog); `bsd` (syslog-ng only) BSD lines with LF. */
  ports: { udp: number; tcp: number; tls: number; bsd?: number };
  /** The receiver's self-signed certificate, to trust. */
  ca: string;
  /** Every record written so far (one per message received). */
  records(): Array<Record<string, unknown>>;
  /** Waits until `count` records pass `filter`; fails with the daemon's own log. */
  waitFor(
    filter: (r: Record<string, unknown>) => boolean,
    count: number,
  ): Promise<Array<Record<string, unknown>>>;
  /** What the daemon printed and logged about itself. */
  log(): string;
  stop(): Promise<void>;
}

const RSYSLOGD = process.env['RSYSLOGD_BIN'] ?? '/usr/sbin/rsyslogd';

/** syslog-ng's csv-parser splits LEEF on tabs only, into `.leef.1`, `.leef.2`, …. */
const LEEF_COLUMNS = Array.from({ length: 200 }, (_, i) => `".leef.${i + 1}"`).join(', ');

/** Where syslog-ng is: a `dpkg -x` root (`$SYSLOG_NG_ROOT`, /opt/aerie/syslog-ng) or the package. */
function syslogNgRoot(): string {
  const candidates = [process.env['SYSLOG_NG_ROOT'], '/opt/aerie/syslog-ng', '/'];
  for (const root of candidates) {
    if (root && existsSync(join(root, 'usr/sbin/syslog-ng'))) return root;
  }
  throw new Error(
    "syslog-ng not found: .ci/run extracts Debian's syslog-ng-core into /opt/aerie/syslog-ng " +
      '(apt-get download syslog-ng-core libivykis0 libnet1 libpcre3 && dpkg -x each there), ' +
      'or set SYSLOG_NG_ROOT',
  );
}

async function freeTcpPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function freeUdpPort(): Promise<number> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

/** A self-signed certificate for 127.0.0.1 (openssl, which CI installs anyway). */
function makeCertificate(dir: string): { cert: string; key: string } {
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '2',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ],
    { stdio: 'ignore' },
  );
  return { cert, key };
}

async function waitForPorts(
  ports: number[],
  child: ChildProcess,
  log: () => string,
): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (const port of ports) {
    for (;;) {
      if (child.exitCode !== null)
        throw new Error(`the daemon exited (${child.exitCode}):\n${log()}`);
      const open = await new Promise<boolean>((resolve) => {
        const s = net.connect(port, '127.0.0.1', () => {
          s.destroy();
          resolve(true);
        });
        s.on('error', () => resolve(false));
      });
      if (open) break;
      if (Date.now() > deadline)
        throw new Error(`port ${port} not listening after 15 s:\n${log()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

function readRecords(file: string): Array<Record<string, unknown>> {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

function daemon(
  name: SyslogDaemon['name'],
  child: ChildProcess,
  dir: string,
  out: string,
  ports: SyslogDaemon['ports'],
  ca: string,
  ownLog: () => string,
): SyslogDaemon {
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const log = () => `${output}\n${ownLog()}`;
  return {
    name,
    ports,
    ca,
    records: () => readRecords(out),
    log,
    async waitFor(filter, count) {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const found = readRecords(out).filter(filter);
        if (found.length >= count) return found;
        if (Date.now() > deadline) {
          throw new Error(
            `${name}: ${found.length} of ${count} messages arrived in 10 s\n${log()}\n${readFileSync(out, 'utf8').slice(-4000)}`,
          );
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * rsyslog: UDP, TCP (octet counting or LF, told apart by the first byte) and TLS (gtls) inputs.
 * Each record: the parsed header, `sd` as received, `msg`, and `parsed` (the JSON of rsyslog's
 * `$!` tree: `rfc5424-sd` from mmpstrucdata, `cef` from mmnormalize's CEF parser).
 */
export async function startRsyslog(): Promise<SyslogDaemon> {
  if (!existsSync(RSYSLOGD)) {
    throw new Error(
      `${RSYSLOGD} not found: this system test needs Debian's rsyslog and rsyslog-gnutls (.ci/run installs them)`,
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'aerie-rsyslog-'));
  const { cert, key } = makeCertificate(dir);
  const ports = { udp: await freeUdpPort(), tcp: await freeTcpPort(), tls: await freeTcpPort() };
  const out = join(dir, 'received.jsonl');
  // liblognorm 2.0.6 (Debian 12) drops the first character of the first CEF extension key
  // unless a space follows the header's last `|` (parser.c skips one character too many);
  // Aerie's extension starts with `rt=`, so the rulebase reads a copy with that space added.
  writeFileSync(join(dir, 'cef.rulebase'), 'version=2\nrule=:%cef:cef%\n');
  writeFileSync(
    join(dir, 'rsyslog.conf'),
    `
global(workDirectory="${dir}" maxMessageSize="256k"
  parser.escapeControlCharactersOnReceive="off"
  defaultNetstreamDriverCAFile="${cert}" defaultNetstreamDriverCertFile="${cert}"
  defaultNetstreamDriverKeyFile="${key}")
module(load="imudp")
module(load="imtcp" streamDriver.name="gtls" streamDriver.mode="1" streamDriver.authMode="anon")
module(load="mmpstrucdata")
module(load="mmnormalize")
input(type="imudp" address="127.0.0.1" port="${ports.udp}" ruleset="received")
input(type="imtcp" address="127.0.0.1" port="${ports.tcp}" ruleset="received"
  streamDriver.name="ptcp" streamDriver.mode="0")
input(type="imtcp" address="127.0.0.1" port="${ports.tls}" ruleset="received")
template(name="record" type="list" option.jsonf="on") {
  property(outname="input" name="inputname" format="jsonf")
  property(outname="facility" name="syslogfacility" format="jsonf")
  property(outname="severity" name="syslogseverity" format="jsonf")
  property(outname="timestamp" name="timestamp" dateFormat="rfc3339" format="jsonf")
  property(outname="hostname" name="hostname" format="jsonf")
  property(outname="appName" name="app-name" format="jsonf")
  property(outname="programName" name="programname" format="jsonf")
  property(outname="procId" name="procid" format="jsonf")
  property(outname="msgId" name="msgid" format="jsonf")
  property(outname="sd" name="structured-data" format="jsonf")
  property(outname="msg" name="msg" format="jsonf")
  property(outname="parsed" name="$!" format="jsonf")
}
ruleset(name="received") {
  action(type="mmpstrucdata" sd_name.lowercase="off")
  if ($msg startswith "CEF:") then {
    set $.cefin = replace($msg, "|rt=", "| rt=");
    action(type="mmnormalize" rulebase="${join(dir, 'cef.rulebase')}" variable="$.cefin")
  }
  action(type="omfile" file="${out}" template="record")
}
`,
  );
  const child = spawn(
    RSYSLOGD,
    ['-n', '-f', join(dir, 'rsyslog.conf'), '-i', join(dir, 'rsyslogd.pid')],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const d = daemon('rsyslog', child, dir, out, ports, cert, () => '');
  await waitForPorts([ports.tcp, ports.tls], child, d.log);
  return d;
}

/**
 * syslog-ng: `syslog()` sources (RFC 5424, octet counting) on UDP, TCP and TLS, and a
 * `network()` source reading BSD lines ended by LF. Each record is `$(format-json)` of the
 * RFC 5424 fields, `.SDATA.<SD-ID>.<name>` flat, `.leef.1`… (a LEEF message split on its tabs
 * by a csv-parser that knows no quotes nor escapes) and `PRI`. A message it cannot parse
 * becomes a record of its own: PROGRAM `syslog-ng`, MESSAGE `Error processing log message: …`.
 * Messages with MSGID `cef-oracle` go to a second file as syslog-ng's own
 * `$(format-cef-extension)` of their `cef@32473` element.
 */
export async function startSyslogNg(): Promise<SyslogDaemon & { oracle(): string[] }> {
  const root = syslogNgRoot();
  const dir = mkdtempSync(join(tmpdir(), 'aerie-syslog-ng-'));
  const { cert, key } = makeCertificate(dir);
  const ports = {
    udp: await freeUdpPort(),
    tcp: await freeTcpPort(),
    tls: await freeTcpPort(),
    bsd: await freeTcpPort(),
  };
  const out = join(dir, 'received.jsonl');
  const oracle = join(dir, 'cef-oracle.txt');
  const internal = join(dir, 'internal.log');
  const libDir = join(root, 'usr/lib/syslog-ng');
  const version = readdirSync(libDir).find((d) => /^\d+\.\d+$/.test(d));
  if (!version) throw new Error(`no module directory in ${libDir}`);
  writeFileSync(
    join(dir, 'syslog-ng.conf'),
    `@version: ${version}
options { keep-hostname(yes); log-msg-size(262144); frac-digits(6); ts-format(iso); };
source s_syslog {
  syslog(ip(127.0.0.1) port(${ports.udp}) transport("udp"));
  syslog(ip(127.0.0.1) port(${ports.tcp}) transport("tcp"));
  syslog(ip(127.0.0.1) port(${ports.tls}) transport("tls")
    tls(key-file("${key}") cert-file("${cert}") peer-verify(optional-untrusted)));
  network(ip(127.0.0.1) port(${ports.bsd}) transport("tcp"));
};
parser p_leef {
  csv-parser(columns(${LEEF_COLUMNS}) delimiters(chars("\\t")) quote-pairs("") dialect(escape-none) flags(greedy));
};
destination d_received {
  file("${out}" template("$(format-json --key-delimiter '\\x01' --scope rfc5424 --scope sdata --key ISODATE --key .leef.* --pair PRI=$PRI)\\n"));
};
destination d_oracle { file("${oracle}" template("$(format-cef-extension --subkeys .SDATA.cef@32473.)\\n")); };
destination d_internal { file("${internal}"); };
log {
  source(s_syslog);
  if (match("cef-oracle" value("MSGID"))) { destination(d_oracle); }
  else {
    if (message("^LEEF:")) { parser(p_leef); };
    destination(d_received);
  };
};
log { source { internal(); }; destination(d_internal); };
`,
  );
  const arch = readdirSync(join(root, 'usr/lib')).find((d) => d.endsWith('-linux-gnu'));
  const env =
    root === '/'
      ? process.env
      : {
          ...process.env,
          LD_LIBRARY_PATH: [`usr/lib/${arch}`, `lib/${arch}`, 'usr/lib/syslog-ng']
            .map((p) => join(root, p))
            .join(':'),
        };
  const child = spawn(
    join(root, 'usr/sbin/syslog-ng'),
    [
      '-F',
      '-f',
      join(dir, 'syslog-ng.conf'),
      `--module-path=${join(libDir, version)}`,
      '-R',
      join(dir, 'persist'),
      '-c',
      join(dir, 'ctl'),
      '-p',
      join(dir, 'pid'),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env },
  );
  const readInternal = () => (existsSync(internal) ? readFileSync(internal, 'utf8') : '');
  const d = daemon('syslog-ng', child, dir, out, ports, cert, readInternal);
  await waitForPorts([ports.tcp, ports.tls, ports.bsd], child, d.log);
  return {
    ...d,
    oracle: () =>
      existsSync(oracle)
        ? readFileSync(oracle, 'utf8')
            .split('\n')
            .filter((l) => l !== '')
        : [],
  };
}

/**
 * Sends messages as the delivery engine does: one datagram each over UDP; over TCP and TLS one
 * connection, each message framed (RFC 6587: `<bytes> <msg>`, or the message and LF).
 */
export async function sendSyslog(
  transport: Transport,
  port: number,
  messages: readonly string[],
  options: { framing?: Framing; ca?: string } = {},
): Promise<void> {
  if (transport === 'udp') {
    const socket = dgram.createSocket('udp4');
    for (const m of messages) {
      await new Promise<void>((resolve, reject) =>
        socket.send(Buffer.from(m, 'utf8'), port, '127.0.0.1', (err) =>
          err ? reject(err) : resolve(),
        ),
      );
    }
    socket.close();
    return;
  }
  const framing = options.framing ?? 'octet-counting';
  const data = messages
    .map((m) => (framing === 'lf' ? `${m}\n` : `${Buffer.byteLength(m, 'utf8')} ${m}`))
    .join('');
  const socket =
    transport === 'tls'
      ? tls.connect({
          host: '127.0.0.1',
          port,
          ca: options.ca ? readFileSync(options.ca) : undefined,
        })
      : net.connect({ host: '127.0.0.1', port });
  const closed = new Promise((resolve) => socket.once('close', resolve));
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.once(transport === 'tls' ? 'secureConnect' : 'connect', () => resolve());
  });
  socket.end(Buffer.from(data, 'utf8'));
  await closed;
}
