import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startChild, waitReady, type Child } from './child.js';
import { freePort } from './port.js';

/** A server under test: a child process listening on loopback, writing to its own database. */
export interface Target {
  name: string;
  baseUrl: string;
  database: string;
  child: Child;
}

export function aerieMain(repoRoot: string): string {
  const main = join(repoRoot, 'apps', 'api', 'dist', 'main.js');
  if (!existsSync(main))
    throw new Error(`${main} not found: build Aerie first (npx nx run @aerie/api:build)`);
  return main;
}

/** Starts Aerie as `npm start` would, minus the build, quiet, bound to loopback. */
export async function startAerie(
  repoRoot: string,
  databaseUrl: string,
  database: string,
): Promise<Target> {
  const port = await freePort();
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    AERIE_LISTEN_ADDRESS: '127.0.0.1',
    AERIE_LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
  };
  const child = startChild('Aerie', process.execPath, [aerieMain(repoRoot)], env, repoRoot);
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitReady(child, `${baseUrl}/readyz`);
  return { name: 'Aerie', baseUrl, database, child };
}

/** Starts the bare node:http + group-commit COPY baseline from this package's build. */
export async function startBaseline(
  benchDist: string,
  databaseUrl: string,
  database: string,
  writers: number,
): Promise<Target> {
  const port = await freePort();
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    BASELINE_WRITERS: String(writers),
    NODE_ENV: 'production',
  };
  const child = startChild(
    'baseline',
    process.execPath,
    [join(benchDist, 'baseline', 'main.js')],
    env,
    benchDist,
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitReady(child, `${baseUrl}/readyz`);
  return { name: 'baseline', baseUrl, database, child };
}
