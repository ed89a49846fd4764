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

/**
 * Starts Aerie as `npm start` would, minus the build, quiet, bound to loopback. `env` adds to or
 * overrides its environment (e.g. AERIE_CONFIG; DATABASE_URL '' for the embedded database).
 */
export function startAerie(
  repoRoot: string,
  databaseUrl: string,
  database: string,
  env: Record<string, string> = {},
): Promise<Target> {
  return startServer('Aerie', aerieMain(repoRoot), repoRoot, database, {
    DATABASE_URL: databaseUrl,
    AERIE_LISTEN_ADDRESS: '127.0.0.1',
    AERIE_LOG_LEVEL: 'warn',
    ...env,
  });
}

/** Starts the bare node:http + group-commit COPY baseline from this package's build. */
export function startBaseline(
  benchDist: string,
  databaseUrl: string,
  database: string,
  writers: number,
): Promise<Target> {
  return startServer('baseline', join(benchDist, 'baseline', 'main.js'), benchDist, database, {
    DATABASE_URL: databaseUrl,
    BASELINE_WRITERS: String(writers),
  });
}

/** A Node server on a free loopback port, ready once its /readyz answers. */
async function startServer(
  name: string,
  script: string,
  cwd: string,
  database: string,
  env: Record<string, string>,
): Promise<Target> {
  const port = await freePort();
  const child = startChild(
    name,
    process.execPath,
    [script],
    { ...process.env, ...env, PORT: String(port), NODE_ENV: 'production' },
    cwd,
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitReady(child, `${baseUrl}/readyz`);
  return { name, baseUrl, database, child };
}
