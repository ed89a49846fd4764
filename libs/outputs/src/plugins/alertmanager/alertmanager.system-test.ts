/**
 * System test against the real Prometheus Alertmanager (Debian's `prometheus-alertmanager`,
 * installed by `.ci/run`). Runs with `npm run test:system`, not `npm test` (which needs nothing
 * but Node). Starts the binary on a free 127.0.0.1 port with a temp storage dir and a minimal
 * config, posts rendered alerts, reads them back, and checks its refusals are classified right.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusCases } from '../../test-support/corpus-events.js';
import { sendWithFetch } from '../../test-support/local-receiver.js';
import type { HttpMessage } from '../../output.js';
import { AlertmanagerConfigSchema, perHost } from './alertmanager.config.js';
import { alertmanagerOutput } from './alertmanager.output.js';
import type { PostableAlert } from './alertmanager.render.js';

const BINARY = process.env['ALERTMANAGER_BIN'] ?? '/usr/bin/prometheus-alertmanager';
const MINIMAL_CONFIG = `route:\n  receiver: blackhole\nreceivers:\n  - name: blackhole\n`;

interface Running {
  url: string;
  process: ChildProcess;
  dir: string;
  log: () => string;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function startAlertmanager(): Promise<Running> {
  if (!existsSync(BINARY)) {
    throw new Error(
      `${BINARY} not found: this system test needs Debian's prometheus-alertmanager ` +
        '(.ci/run installs it; by hand: sudo apt-get install -y prometheus-alertmanager)',
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'aerie-alertmanager-'));
  writeFileSync(join(dir, 'alertmanager.yml'), MINIMAL_CONFIG);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  const child = spawn(
    BINARY,
    [
      `--config.file=${join(dir, 'alertmanager.yml')}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      // No gossip: a lone instance, nothing listening beyond loopback.
      '--cluster.listen-address=',
      `--web.external-url=${url}`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`alertmanager exited (${child.exitCode}):\n${output}`);
    try {
      if ((await fetch(`${url}/-/ready`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`alertmanager not ready after 20 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, process: child, dir, log: () => output };
}

interface GettableAlert extends PostableAlert {
  fingerprint: string;
  status: { state: string };
}

async function readAlerts(url: string): Promise<GettableAlert[]> {
  const response = await fetch(`${url}/api/v2/alerts`);
  expect(response.status).toBe(200);
  return (await response.json()) as GettableAlert[];
}

let am: Running;
beforeAll(async () => {
  am = await startAlertmanager();
}, 30_000);
afterAll(async () => {
  if (am?.process.exitCode === null) {
    am.process.kill('SIGTERM');
    await new Promise((r) => am.process.once('exit', r));
  }
  if (am) rmSync(am.dir, { recursive: true, force: true });
});

describe('alertmanager output against the real Alertmanager', () => {
  it('accepts the corpus as one batch (200) and returns every alert with its labels and annotations', async () => {
    const cases = corpusCases();
    const config = AlertmanagerConfigSchema.parse({
      hosts: [am.url],
      extraLabels: { team: 'security' },
      extraAnnotations: { runbook_url: 'https://runbooks.example.com/falco' },
    });
    const ctx = {
      eventUrl: `https://aerie.example.com/events/${cases[0]!.event.event.id}`,
      now: new Date(),
    };
    const message = alertmanagerOutput.render(
      cases.map((c) => c.event),
      config,
      ctx,
    );
    const answer = await sendWithFetch(message);
    expect(answer.status, `${answer.body}\n${am.log()}`).toBe(200);
    expect(alertmanagerOutput.classify(answer)).toEqual({ ok: true });

    const sent = JSON.parse(message.body) as PostableAlert[];
    const stored = await readAlerts(am.url);
    // The label set is an alert's identity: alerts of one group in a batch become one alert,
    // the last posted winning. Compare each label set with its last alert.
    const key = (a: PostableAlert) => JSON.stringify(Object.entries(a.labels).sort());
    const expected = new Map(sent.map((a) => [key(a), a]));
    expect(expected.size).toBeLessThan(sent.length); // the corpus repeats one group on purpose
    expect(stored).toHaveLength(expected.size);
    const byLabels = new Map(stored.map((a) => [key(a), a]));
    for (const [k, alert] of expected) {
      const got = byLabels.get(k);
      expect(got, `missing alert ${k}`).toBeDefined();
      expect(got?.labels).toEqual(alert.labels);
      expect(got?.annotations).toEqual(alert.annotations);
      expect(got?.status.state).toBe('active');
      expect(got?.generatorURL).toBe(alert.generatorURL);
      expect(Date.parse(got!.startsAt)).toBe(Date.parse(alert.startsAt));
      expect(Date.parse(got!.endsAt)).toBe(Date.parse(alert.endsAt));
    }
  });

  it('returns unicode, huge values, bracket fields and the exact ns time intact (one post per case)', async () => {
    const config = AlertmanagerConfigSchema.parse({ hosts: [am.url] });
    for (const c of corpusCases().filter((x) =>
      ['unicode', 'huge-field', 'brackets'].includes(x.name),
    )) {
      // A link no other test posts, to find this alert among the earlier ones.
      const ctx = {
        eventUrl: `https://aerie.example.com/single/${c.event.event.id}`,
        now: new Date(),
      };
      const message = alertmanagerOutput.render([c.event], config, ctx);
      expect(alertmanagerOutput.classify(await sendWithFetch(message))).toEqual({ ok: true });
      const [sent] = JSON.parse(message.body) as PostableAlert[];
      const got = (await readAlerts(am.url)).find((a) => a.generatorURL === ctx.eventUrl);
      expect(got?.annotations, c.name).toEqual(sent?.annotations);
      expect(got?.annotations['fields']).toContain('"evt.time":1777629600123456789');
    }
  });

  it('sends to every host, one delivery each', async () => {
    const [c] = corpusCases();
    if (!c) throw new Error('empty corpus');
    const config = AlertmanagerConfigSchema.parse({
      hosts: [am.url, `${am.url}/`],
      extraLabels: { copy: 'ha' },
    });
    const ctx = {
      eventUrl: `https://aerie.example.com/events/${c.event.event.id}`,
      now: new Date(),
    };
    for (const single of perHost(config)) {
      const answer = await sendWithFetch(alertmanagerOutput.render([c.event], single, ctx));
      expect(alertmanagerOutput.classify(answer)).toEqual({ ok: true });
    }
    expect((await readAlerts(am.url)).filter((a) => a.labels['copy'] === 'ha')).toHaveLength(1);
  });

  describe('its refusals are permanent failures', () => {
    const post = (
      body: string,
      headers: Record<string, string> = { 'content-type': 'application/json' },
    ): HttpMessage => ({
      method: 'POST',
      url: `${am.url}/api/v2/alerts`,
      headers,
      body,
    });
    it.each([
      ['an invalid label name (400)', '[{"labels":{"alert-name":"x"}}]', 400],
      ['an empty label set (400)', '[{"labels":{}}]', 400],
      [
        'an end before the start (400)',
        '[{"labels":{"a":"b"},"startsAt":"2026-05-01T10:00:00Z","endsAt":"2026-05-01T09:00:00Z"}]',
        400,
      ],
      ['an object instead of an array (400)', '{"labels":{"a":"b"}}', 400],
      ['no labels (422)', '[{"annotations":{"a":"b"}}]', 422],
      [
        'a generatorURL that is not a URI (422)',
        '[{"labels":{"a":"b"},"generatorURL":"not a url"}]',
        422,
      ],
    ])('%s', async (_name, body, status) => {
      const answer = await sendWithFetch(post(body));
      expect(answer.status, answer.body).toBe(status);
      expect(alertmanagerOutput.classify(answer)).toMatchObject({ ok: false, retryable: false });
    });

    it('a render with a relative event link is still accepted (generatorURL left out)', async () => {
      const [c] = corpusCases();
      if (!c) throw new Error('empty corpus');
      const config = AlertmanagerConfigSchema.parse({ hosts: [am.url] });
      const answer = await sendWithFetch(
        alertmanagerOutput.render([c.event], config, { eventUrl: '/events/1', now: new Date() }),
      );
      expect(answer.status, answer.body).toBe(200);
    });
  });
});
