import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestDatabase } from './test-database.js';

const MAIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'main.js');

export interface AppProcess {
  url: string;
  child: ChildProcess;
  exited: Promise<number | null>;
}

/** The built app (`dist/main.js`, as `npm start` runs it) in its own process. */
export async function spawnApp(
  db: TestDatabase,
  env: Record<string, string> = {},
): Promise<AppProcess> {
  const child = spawn(process.execPath, [MAIN], {
    env: {
      ...process.env,
      PORT: '0',
      AERIE_LISTEN_ADDRESS: '127.0.0.1',
      AERIE_DATA_DIR: db.dataDir,
      AERIE_LOG_LEVEL: 'info',
      DATABASE_URL: db.databaseUrl ?? '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /"port":(\d+)/.exec(output);
      if (m) resolve(Number(m[1]));
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    void exited.then((code) =>
      reject(new Error(`app exited (${code}) before listening:\n${output}`)),
    );
    // Generous: PGlite recovering after a SIGKILL on a busy 2-core machine takes its time.
    setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`app did not start in 90 s:\n${output}`));
    }, 90_000).unref();
  });
  return { url: `http://127.0.0.1:${port}`, child, exited };
}
