import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { falcoEvent } from '../../test-support/falco-events.js';
import { eventually, listenLocally } from '../../test-support/receiver.js';
import { useOutputApp } from '../../test-support/output-e2e.js';

/**
 * The Loki output through the real engine: events posted to Aerie reach a local Loki on a real
 * socket, batched into streams, gzipped, with the tenant header and basic auth; a 429 is retried,
 * an entry Loki refuses (too old) is dead with Loki's reason.
 */

const USER = '123456';
const PASSWORD = 'glc_e2e_password';
const WEEK_NS = 7n * 24n * 3600n * 1_000_000_000n;

interface Entry {
  tenant: string;
  labels: Record<string, string>;
  ns: string;
  event: { id: string; rule: string; time: string };
  line: string;
}

/** Loki's distributor as NOTES.md §7a describes it (the plugin's receiver spec has the details). */
async function startLoki() {
  const stored: Entry[] = [];
  const requests: http.IncomingHttpHeaders[] = [];
  const state = { rateLimited: 0 };
  const reply = (res: http.ServerResponse, status: number, text = '', headers = {}) => {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
    res.end(text ? `${text}\n` : '');
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push(req.headers);
      if (req.url !== '/loki/api/v1/push') return reply(res, 404, '404 page not found');
      const basic = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
      if (req.headers.authorization !== basic) return reply(res, 401, 'invalid credentials');
      const tenant = req.headers['x-scope-orgid'];
      if (typeof tenant !== 'string') return reply(res, 401, 'no org id');
      if (state.rateLimited > 0) {
        state.rateLimited--;
        return reply(res, 429, `ingestion rate limit exceeded for user ${tenant}`, {
          'retry-after': '1',
        });
      }
      const raw = Buffer.concat(chunks);
      const body = JSON.parse(
        (req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8'),
      ) as { streams: { stream: Record<string, string>; values: [string, string][] }[] };
      const now = BigInt(Date.now()) * 1_000_000n;
      let last: string | undefined;
      for (const { stream, values } of body.streams) {
        for (const [ns, line] of values) {
          if (BigInt(ns) < now - WEEK_NS) {
            last = `entry for stream '${JSON.stringify(stream)}' has timestamp too old: ${ns}`;
            continue;
          }
          const event = JSON.parse(line) as Entry['event'];
          if (!stored.some((e) => e.ns === ns && e.line === line)) {
            stored.push({ tenant, labels: stream, ns, event, line });
          }
        }
      }
      reply(res, last === undefined ? 204 : 400, last);
    });
  });
  const { url, close } = await listenLocally(server);
  return {
    url,
    stored,
    requests,
    state,
    close,
  };
}

const loki = await startLoki();

const e2e = useOutputApp(
  () => ({
    outputs: [
      {
        name: 'loki',
        type: 'loki',
        config: {
          url: loki.url,
          tenant: 'security',
          username: USER,
          password: PASSWORD,
          gzip: true,
          staticLabels: { env: 'e2e' },
        },
        route: { rules: ['Loki *'] },
      },
    ],
  }),
  () => loki.close(),
);
const { ingest } = e2e;
const deliveryOf = (id: string) => e2e.deliveryOf(id, 'loki');
const settled = (ids: string[]) => e2e.settled(ids, 'loki');

/** A time a few seconds ago with ns digits (Loki refuses entries over a week old). */
function recent(offsetMs: number, ns: string): string {
  return new Date(Date.now() - offsetMs).toISOString().replace(/\.\d{3}Z$/, `.${ns}Z`);
}

describe('loki output through the delivery engine', () => {
  it('stores every event once, gzipped, in bounded streams, at Falco’s exact ns time', async () => {
    const times = [recent(3000, '123456789'), recent(2000, '000000001'), recent(1000, '999999999')];
    const sent = await ingest([
      falcoEvent({ rule: 'Loki 1', time: times[0] }),
      falcoEvent({ rule: 'Loki 2', time: times[1], priority: 'Critical' }),
      falcoEvent({ rule: 'Loki 3', time: times[2] }),
    ]);
    await eventually(() => settled(sent), 'every delivery settled');
    for (const [i, id] of sent.entries()) {
      expect((await deliveryOf(id))?.status).toBe('delivered');
      const entries = loki.stored.filter((e) => e.event.id === id);
      expect(entries, id).toHaveLength(1);
      const [whole, fraction] = times[i]!.replace('Z', '').split('.');
      expect(entries[0]!.ns).toBe(`${Date.parse(`${whole}Z`) / 1000}${fraction}`);
      expect(entries[0]!.labels).toMatchObject({
        env: 'e2e',
        source: 'syscall',
        priority: i === 1 ? 'Critical' : 'Warning',
      });
      // Only bounded labels: never the event id, host or pod.
      for (const name of Object.keys(entries[0]!.labels)) {
        expect(['env', 'source', 'priority', 'cluster', 'boundary']).toContain(name);
      }
      expect(JSON.parse(entries[0]!.line)).toMatchObject({
        id,
        rule: `Loki ${i + 1}`,
        time: times[i],
      });
    }
    expect(loki.requests[0]).toMatchObject({
      'content-encoding': 'gzip',
      'x-scope-orgid': 'security',
    });
  });

  it('a 429 is retried after Retry-After and the events are stored once', async () => {
    loki.state.rateLimited = 1;
    const sent = await ingest([falcoEvent({ rule: 'Loki limited', time: recent(500, '5') })]);
    await eventually(() => settled(sent), 'delivered after the 429', 20_000);
    const delivery = await deliveryOf(sent[0]!);
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(loki.stored.filter((e) => e.event.id === sent[0])).toHaveLength(1);
  });

  it('an event over a week old is dead at once with Loki’s reason; the password never shows', async () => {
    const old = new Date(Date.now() - 8 * 24 * 3600 * 1000).toISOString();
    const [id] = await ingest([falcoEvent({ rule: 'Loki too old', time: old })]);
    await eventually(async () => (await deliveryOf(id!))?.status === 'dead', 'a dead delivery');
    const delivery = await deliveryOf(id!);
    expect(delivery).toMatchObject({ attempts: 1 });
    expect(delivery?.last_error).toContain('Loki 400: entry for stream');
    expect(delivery?.last_error).toContain('has timestamp too old');
    expect(JSON.stringify(delivery)).not.toContain(PASSWORD);
  });
});
