import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { keepAliveAgent } from './delivery/post.js';
import { createGenerator } from './generator/generator.js';
import { cleanup, cleanupOnSignals, onCleanup } from './harness/cleanup.js';
import { intOption } from './harness/options.js';
import { BenchDatabases } from './harness/postgres.js';
import { aerieMain, startAerie, type Target } from './harness/targets.js';
import { openEventsPage, type EventsPage } from './live/browser.js';
import { sendPaced, type Sent } from './live/sender.js';
import { latencyTable, rateFigure, type RateFigure } from './live/summary.js';
import { startWsProbe, type WsProbe } from './live/ws-probe.js';
import { findRepoRoot } from './repo-root.js';

/**
 * Live latency: from `POST /` (Falco's request) to the event's row in the dashboard's DOM, in
 * Debian's Chromium on `#/events` (the live tail), at fixed rates; against a baseline, the same
 * POST to the `events` message at a plain `ws` client on the same live stream.
 *
 *   npm run bench:live -- [--rates 10,500] [--duration 20] [--warmup 5] [--settle 15]
 *                         [--viewport 1920x1080] [--chromium /usr/bin/chromium] [--seed 5]
 *                         [--backend postgres|pglite]
 *                         [--database-url postgres://postgres@127.0.0.1:5432/postgres]
 */
const { values: opts } = parseArgs({
  options: {
    rates: { type: 'string', default: '10,500' },
    duration: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '5' },
    settle: { type: 'string', default: '15' },
    viewport: { type: 'string', default: '1920x1080' },
    chromium: { type: 'string', default: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' },
    seed: { type: 'string', default: '5' },
    backend: { type: 'string', default: 'postgres' },
    'database-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
  },
});

const viewport = /^(\d{3,4})x(\d{3,4})$/.exec(String(opts.viewport));
if (!viewport) throw new Error('--viewport: WIDTHxHEIGHT, e.g. 1920x1080');
const config = {
  rates: String(opts.rates)
    .split(',')
    .map((s) => {
      const n = Number(s);
      if (!Number.isInteger(n) || n < 1 || n > 2000) throw new Error('--rates: 1 … 2000 each');
      return n;
    }),
  durationS: intOption(opts, 'duration', 1, 600),
  warmupS: intOption(opts, 'warmup', 1, 60),
  settleS: intOption(opts, 'settle', 1, 300),
  viewport: { width: Number(viewport[1]), height: Number(viewport[2]) },
  chromium: String(opts.chromium),
  seed: String(opts.seed),
  backend: String(opts.backend),
  databaseUrl: String(opts['database-url']),
};
if (config.backend !== 'postgres' && config.backend !== 'pglite')
  throw new Error('--backend: postgres or pglite');
if (!['127.0.0.1', 'localhost', '[::1]'].includes(new URL(config.databaseUrl).hostname))
  throw new Error('--database-url must be a loopback address');

const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function startServer(repoRoot: string, adminPassword: string): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), 'aerie-bench-live-'));
  onCleanup(() => Promise.resolve(rmSync(dir, { recursive: true, force: true })));
  const env = { AERIE_DATA_DIR: join(dir, 'data'), AERIE_ADMIN_PASSWORD: adminPassword };
  if (config.backend === 'pglite') return startAerie(repoRoot, '', 'pglite:live', env);
  const dbs = await BenchDatabases.connect(config.databaseUrl);
  const database = await dbs.create('live');
  return startAerie(repoRoot, dbs.url(database), database, env);
}

/** The session cookie of a password sign-in, for the baseline's WebSocket. */
async function sessionCookie(baseUrl: string, username: string, password: string) {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in answered ${res.status}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
  if (!cookie) throw new Error('sign-in set no cookie');
  return cookie;
}

/** Waits until both observers saw every marker of `sent`, or `settleMs` passed. */
async function arrivals(sent: readonly Sent[], page: EventsPage, ws: WsProbe, settleMs: number) {
  const deadline = Date.now() + settleMs;
  for (;;) {
    const [screen, socket] = [await page.take(), await ws.take()];
    const all = (m: Map<string, number>) => sent.every((s) => m.has(s.marker));
    if ((all(screen) && all(socket.seen)) || Date.now() > deadline)
      return { screen, ws: socket.seen, messages: socket.messages };
    await sleep(500);
  }
}

async function main(): Promise<void> {
  cleanupOnSignals();
  const repoRoot = findRepoRoot();
  aerieMain(repoRoot);
  const webIndex = join(repoRoot, 'apps', 'web', 'dist', 'index.html');
  if (!existsSync(webIndex))
    throw new Error(
      `${webIndex} not found: build the dashboard first (npx nx run @aerie/web:build)`,
    );
  if (!existsSync(config.chromium)) throw new Error(`no Chromium at ${config.chromium}`);

  console.log(`date: ${new Date().toISOString()}`);
  console.log(
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, ` +
      `node ${process.version}, ${config.backend}; load average at start ${load()}`,
  );
  console.log(`config: ${JSON.stringify(config)}`);

  const password = randomBytes(18).toString('base64url');
  const aerie = await startServer(repoRoot, password);
  const cookie = await sessionCookie(aerie.baseUrl, 'admin', password);
  const liveUrl = new URL('/api/v1/live', aerie.baseUrl);
  liveUrl.protocol = 'ws:';
  const ws = await startWsProbe({ url: liveUrl.toString(), cookie, origin: aerie.baseUrl });
  const page = await openEventsPage({
    baseUrl: aerie.baseUrl,
    username: 'admin',
    password,
    chromiumPath: config.chromium,
    viewport: config.viewport,
  });
  console.log(`Aerie at ${aerie.baseUrl}; baseline subscribed; Chromium on #/events`);

  const run = randomBytes(3).toString('hex');
  const agent = keepAliveAgent(64);
  onCleanup(() => Promise.resolve(agent.destroy()));
  const generator = createGenerator({ seed: config.seed });
  let nextIndex = 0;
  const send = async (perSecond: number, durationS: number): Promise<Sent[]> => {
    const sent = await sendPaced({
      baseUrl: aerie.baseUrl,
      agent,
      generator,
      run,
      firstIndex: nextIndex,
      perSecond,
      durationS,
    });
    nextIndex += sent.length;
    return sent;
  };

  // Warm-up (JIT, pools, the page's first render): must reach the page, or nothing can be measured.
  const warm = await send(10, config.warmupS);
  const warmSeen = await arrivals(warm, page, ws, config.settleS * 1000);
  if (![...warm].some((s) => warmSeen.screen.has(s.marker)))
    throw new Error(
      `no posted event appeared on #/events within ${config.settleS} s of the warm-up ` +
        `(the WebSocket client saw ${warmSeen.ws.size}/${warm.length}); page errors: ` +
        `${page.errors.join(' | ') || 'none'}`,
    );

  const figures: RateFigure[] = [];
  for (const perSecond of config.rates) {
    const sent = await send(perSecond, config.durationS);
    const seen = await arrivals(sent, page, ws, config.settleS * 1000);
    const figure = rateFigure(perSecond, sent, seen.ws, seen.screen, await page.longTasks());
    figures.push(figure);
    console.log(
      `${perSecond}/s: ${sent.length} events; p50/p99 ms: 200 ${figure.ack.p50.toFixed(0)}/` +
        `${figure.ack.p99.toFixed(0)}, ws ${figure.ws.p50.toFixed(0)}/${figure.ws.p99.toFixed(0)} ` +
        `(${figure.ws.seen} seen), screen ${figure.screen.p50.toFixed(0)}/` +
        `${figure.screen.p99.toFixed(0)} (${figure.screen.seen} seen), screen − ws per event ` +
        `${figure.extra.p50.toFixed(0)}/${figure.extra.p99.toFixed(0)}; page long tasks ` +
        `${figure.busy.count} (${figure.busy.totalMs.toFixed(0)} ms); ws messages so far ` +
        `${seen.messages}; load ${load()}`,
    );
  }

  console.log(`\n${latencyTable(figures)}\n`);
  if (page.errors.length > 0) console.log(`page errors: ${page.errors.join(' | ')}`);
  console.log(`load average at end: ${load()}`);
}

main()
  .catch((err: unknown) => {
    process.stderr.write(
      `bench:live failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exitCode = 1;
  })
  .finally(() => cleanup());
