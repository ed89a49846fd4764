import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

/**
 * Starts the built Aerie for the run and returns its teardown.
 *
 * - Without `DATABASE_URL`: embedded PGlite in a fresh temporary `AERIE_DATA_DIR`.
 * - With `DATABASE_URL`: a fresh database `aerie_e2e_<random>` on that server, dropped afterwards.
 *
 * Exposes the server's URL to the specs as `AERIE_E2E_URL` and the first admin's password (made
 * up here, given to Aerie as `AERIE_ADMIN_PASSWORD`) as `AERIE_E2E_ADMIN_PASSWORD`; workers
 * inherit the environment. The password is never printed.
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const MAIN = join(ROOT, 'apps/api/dist/main.js');
const WEB_INDEX = join(ROOT, 'apps/web/dist/index.html');
const LOG = join(ROOT, 'e2e/test-results/aerie.log');
const READY_TIMEOUT_MS = 60_000;

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() =>
        typeof address === 'object' && address ? ok(address.port) : fail(new Error('no port')),
      );
    });
  });
}

async function withAdminClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function createDatabase(serverUrl: string): Promise<{ url: string; name: string }> {
  const name = `aerie_e2e_${randomBytes(6).toString('hex')}`;
  await withAdminClient(serverUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), name };
}

async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await withAdminClient(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

/** SIGTERM (Aerie drains its ingest batch), SIGKILL after 10 s; resolves once `closed` does. */
async function stop(child: ChildProcess, closed: Promise<void>): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await closed;
  clearTimeout(kill);
}

async function waitForReady(
  base: string,
  child: ChildProcess,
  output: () => string,
): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `Aerie exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${output()}`,
      );
    }
    try {
      const res = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) return;
      last = `GET /readyz → ${res.status} ${await res.text()}`;
    } catch (err) {
      last = `GET /readyz → ${err instanceof Error ? err.message : String(err)}`;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`Aerie not ready after ${READY_TIMEOUT_MS} ms (${last}):\n${output()}`);
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  for (const [file, what] of [
    [MAIN, 'the API'],
    [WEB_INDEX, 'the dashboard'],
  ] as const) {
    if (!existsSync(file)) {
      throw new Error(`${file} is missing: build ${what} first (npx nx run-many -t build)`);
    }
  }

  const cleanups: Array<() => Promise<void>> = [];
  const teardown = async (): Promise<void> => {
    for (const fn of cleanups.reverse()) {
      await fn().catch((err: unknown) => console.error('e2e teardown:', err));
    }
  };

  try {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const dataDir = await mkdtemp(join(tmpdir(), 'aerie-e2e-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));

    // A fresh database: Aerie creates `admin` with this password on its first start.
    const adminPassword = randomBytes(24).toString('base64url');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      AERIE_LISTEN_ADDRESS: '127.0.0.1',
      AERIE_DATA_DIR: dataDir,
      AERIE_ADMIN_PASSWORD: adminPassword,
    };
    const serverUrl = process.env.DATABASE_URL;
    if (serverUrl) {
      const db = await createDatabase(serverUrl);
      cleanups.push(() => dropDatabase(serverUrl, db.name));
      env.DATABASE_URL = db.url;
    } else {
      delete env.DATABASE_URL;
    }

    await mkdir(dirname(LOG), { recursive: true });
    const log = createWriteStream(LOG);
    let tail = '';
    const child = spawn(process.execPath, [MAIN], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // 'close' (not 'exit'): the output pipes are drained too, so the log keeps the last lines.
    const closed = new Promise<void>((ok) => child.once('close', () => ok()));
    for (const stream of [child.stdout, child.stderr]) {
      stream.on('data', (chunk: Buffer) => {
        log.write(chunk);
        tail = (tail + chunk.toString()).slice(-8_000);
      });
    }
    let stopping = false;
    child.once('exit', (code, signal) => {
      // Said loudly: otherwise the specs only see "Failed to fetch" / connection refused.
      if (!stopping)
        console.error(`\nAerie exited during the run (${signal ?? `code ${code}`}); log: ${LOG}`);
    });
    cleanups.push(async () => {
      stopping = true;
      await stop(child, closed);
      await new Promise((r) => log.end(r));
    });

    const started = Date.now();
    await waitForReady(base, child, () => tail);
    process.env.AERIE_E2E_URL = base;
    process.env.AERIE_E2E_ADMIN_PASSWORD = adminPassword;
    console.log(
      `Aerie ready at ${base} in ${Date.now() - started} ms (${serverUrl ? `database ${new URL(env.DATABASE_URL ?? '').pathname.slice(1)}` : `PGlite in ${dataDir}`}); log: ${LOG}`,
    );
  } catch (err) {
    await teardown();
    throw err;
  }
  return teardown;
}
